using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;

namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The last request transform (after DLP, which therefore sees only sentinels): on a request to a host a credential
/// is bound to, over intercepted TLS only, each sentinel becomes the real value in the authentication headers
/// (<see cref="CredentialHeaders"/>, any scheme, inside the base64 of a Basic <c>user:pass</c> too) and the headers
/// the binding names; in the path, the query and the body (as it streams; same length, so <c>Content-Length</c>
/// holds) only when the binding opts in (<see cref="CredentialPlaces"/>): text there may be stored or answered with,
/// a way out for the real value. Anywhere else a sentinel stays a sentinel. Requests to a bound host ask for an
/// uncompressed answer, so the response transform can find an echoed value. The exchange's line notes where a value
/// was sent (never the value).
/// </summary>
internal sealed class CredentialRequestTransform(CredentialBindings bindings) : IRequestTransform
{
    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.Http is not { } http || bindings.For(exchange.Target.Host) is not { } bound)
        {
            return ValueTask.CompletedTask;
        }

        var request = http.Request;
        request.Headers.AcceptEncoding = "identity";
        if (exchange.Tls != NetworkLogEntry.TlsIntercepted)
        {
            return ValueTask.CompletedTask; // the real value never crosses the network in clear text
        }

        var places = new List<string>();
        SwapHeaders(request.Headers, bound.Credentials, places);
        places.Sort(StringComparer.Ordinal);
        if (request.Path.Value is { } path && Swap(path, In(bound, CredentialPlaces.Path), static v => v) is { } newPath)
        {
            request.Path = new PathString(newPath);
            places.Add("path");
        }

        if (request.QueryString.Value is { } query && Swap(query, In(bound, CredentialPlaces.Query), Uri.EscapeDataString) is { } newQuery)
        {
            request.QueryString = new QueryString(newQuery);
            places.Add("query");
        }

        if (places.Count > 0)
        {
            exchange.Note(Sent(bound, places));
        }

        if (!bound.Outgoing.IsEmpty && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            var noted = 0;
            request.Body = new ReplacingReadStream(request.Body, bound.Outgoing, _ =>
            {
                if (Interlocked.Exchange(ref noted, 1) == 0)
                {
                    exchange.Note(Sent(bound, ["body"]));
                }
            });
        }

        return ValueTask.CompletedTask;
    }

    private static List<ProxyCredential> In(CredentialBindings.Bound bound, CredentialPlaces place) =>
        [.. bound.Credentials.Where(c => c.Places.HasFlag(place))];

    private static string Sent(CredentialBindings.Bound bound, IEnumerable<string> places) =>
        $"credential {string.Join(", ", bound.Credentials.Select(c => c.Name))} sent in {string.Join(", ", places)}";

    private static void SwapHeaders(IHeaderDictionary headers, IReadOnlyList<ProxyCredential> credentials, List<string> places)
    {
        foreach (var (name, values) in headers.ToList())
        {
            var here = credentials.Where(c => c.SwapsHeader(name)).ToList();
            if (here.Count == 0)
            {
                continue;
            }

            var changed = false;
            var swapped = new string?[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i] ?? string.Empty;
                var next = Swap(value, here, static v => v) ?? SwapBasic(value, here);
                changed |= next is not null;
                swapped[i] = next ?? value;
            }

            if (changed)
            {
                headers[name] = new StringValues(swapped);
                places.Add("header " + name.ToLowerInvariant());
            }
        }
    }

    /// <summary><c>Basic base64(user:pass)</c> with a sentinel inside: decoded, swapped, encoded again.</summary>
    private static string? SwapBasic(string value, IReadOnlyList<ProxyCredential> credentials)
    {
        const string Scheme = "Basic ";
        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value[Scheme.Length..].Trim();
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written))
        {
            return null;
        }

        var decoded = Encoding.Latin1.GetString(bytes, 0, written);
        return Swap(decoded, credentials, static v => v) is { } swapped
            ? value[..Scheme.Length] + Convert.ToBase64String(Encoding.Latin1.GetBytes(swapped))
            : null;
    }

    /// <summary>The text with every sentinel replaced by its value (as <paramref name="encode"/> spells it); null when none is in it.</summary>
    private static string? Swap(string text, IReadOnlyList<ProxyCredential> credentials, Func<string, string> encode)
    {
        string? result = null;
        foreach (var credential in credentials)
        {
            if ((result ?? text).Contains(credential.Sentinel, StringComparison.Ordinal))
            {
                result = (result ?? text).Replace(credential.Sentinel, encode(credential.Value), StringComparison.Ordinal);
            }
        }

        return result;
    }
}
