using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The last response transform: an answer from a host a credential is bound to (a reflecting endpoint, an error that
/// quotes the request) has the real value, raw or in base64, turned back into the sentinel in its headers and its
/// body (as it streams) before the agent reads it. A compressed body from such a host (the request asked for
/// identity) cannot be checked as it flows and is refused (502), rather than relayed unchecked.
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
        var content = upstream.Content;
        if (content.Headers.ContentEncoding.Any(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase)))
        {
            exchange.Stop(Compressed);
            return;
        }

        var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        upstream.Content = new StreamContent(new ReplacingReadStream(body, bound.Returning));
    }

    private static void SwapHeaders(IHeaderDictionary headers, Replacements returning)
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
