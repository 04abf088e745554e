using System.Text;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The last response transform: an answer from a host a credential is bound to (a reflecting endpoint, an error that
/// quotes the request) has the real value, raw or in base64, turned back into the sentinel in its reason phrase, its
/// headers, its body (as it streams) and its trailers before the agent reads them. A compressed body from such a host
/// (the request asked for identity), under any content or transfer coding but chunked, even one .NET cannot parse,
/// cannot be checked as it flows and is refused (502), rather than relayed unchecked.
/// </summary>
internal sealed class CredentialResponseTransform(CredentialBindings bindings) : IResponseTransform
{
    public const string Rule = "credential-echo";

    private static readonly PolicyDecision Compressed = PolicyDecision.Deny(Rule, 502,
        "a host holding a credential answered with a compressed body, which cannot be checked for the credential; refused");

    public async ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.Http is not { } http || exchange.UpstreamResponse is not { } upstream || bindings.For(exchange.Target.Host) is not { } bound)
        {
            return;
        }

        SwapHeaders(http.Response.Headers, bound.Returning);
        if (http.Features.Get<IHttpResponseFeature>() is { ReasonPhrase: { } reason } response)
        {
            response.ReasonPhrase = Swap(reason, bound.Returning);
        }

        var content = upstream.Content;
        if (Coded(content.Headers.NonValidated, "Content-Encoding", "identity") || Coded(upstream.Headers.NonValidated, "Transfer-Encoding", "chunked"))
        {
            exchange.Stop(Compressed);
            return;
        }

        exchange.OnResponseTrailers(trailers => SwapHeaders(trailers, bound.Returning));

        var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        upstream.Content = new StreamContent(new ReplacingReadStream(body, bound.Returning));
    }

    /// <summary>
    /// True when <paramref name="name"/> holds any coding but <paramref name="plain"/>, read as sent (a value .NET's
    /// parser rejects is still relayed to the client, who may decode it).
    /// </summary>
    private static bool Coded(HttpHeadersNonValidated headers, string name, string plain) =>
        headers.TryGetValues(name, out var values)
        && values.SelectMany(v => v.Split(',')).Any(c => c.Trim() is { Length: > 0 } coding && !coding.Equals(plain, StringComparison.OrdinalIgnoreCase));

    private static string Swap(string text, Replacements returning)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        return returning.ReplaceAll(bytes, 0).Count > 0 ? Encoding.Latin1.GetString(bytes) : text;
    }

    /// <summary>Turns the real value back into the sentinel in every value of <paramref name="headers"/> (also the 101's of a WebSocket).</summary>
    internal static void SwapHeaders(IHeaderDictionary headers, Replacements returning)
    {
        foreach (var (name, values) in headers.ToList())
        {
            var changed = false;
            var swapped = new string?[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                var bytes = Encoding.Latin1.GetBytes(values[i] ?? string.Empty);
                var (count, _) = returning.ReplaceAll(bytes, 0);
                changed |= count > 0;
                swapped[i] = Encoding.Latin1.GetString(bytes);
            }

            if (changed)
            {
                headers[name] = new StringValues(swapped);
            }
        }
    }
}
