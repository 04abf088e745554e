using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// DLP on a request, after the policy stages and before anything is forwarded: the URL path and query (keys and
/// values), every header name and value, and the body (see the body partial). Scrub mode replaces each value with
/// <c>[REDACTED_&lt;RULE&gt;]</c> (a header whose name holds one is dropped whole); block mode stops the request (403 <c>dlp:&lt;rule&gt;</c>) before any byte of it
/// leaves; log mode forwards it unchanged. Every hit is recorded (<see cref="DlpFindings"/>). When responses are
/// scanned, the upstream is asked for an identity encoding.
/// </summary>
internal sealed partial class DlpRequestTransform(DlpEngines engines, ILogger logger) : IRequestTransform
{
    /// <summary>A body with a Content-Length up to this is read whole, scrubbed and sent with an exact length.</summary>
    public const int BufferLimit = 4 * 1024 * 1024;

    /// <summary>A decoded body above this is streamed (or, in block mode, refused).</summary>
    public const int DecodedLimit = 16 * 1024 * 1024;

    /// <summary>Where a hit in a header's name is recorded (never the name: it holds the value).</summary>
    public const string HeaderNameWhere = "header-name";

    private readonly DlpHeaders? _headers = engines.Request is { } engine ? new DlpHeaders(engines, logger, engine, response: false) : null;
    private readonly HeldBodies _held = new(HeldBodies.DefaultCapacity);

    public async ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.Http is not { } http || _headers is not { } headers)
        {
            return; // a CONNECT: its tunnel's requests come through here one by one
        }

        var request = http.Request;
        if (engines.Response is not null)
        {
            request.Headers.AcceptEncoding = "identity"; // still decoded if the upstream compresses anyway
        }

        if (ScrubUrl(exchange, request) is { } urlDenial)
        {
            exchange.Stop(urlDenial);
            return;
        }

        if (headers.Apply(exchange, request.Headers, "header") is { } headerDenial)
        {
            exchange.Stop(headerDenial);
            return;
        }

        await ScrubBodyAsync(exchange, http, cancellationToken).ConfigureAwait(false);
    }

    private PolicyDecision? ScrubUrl(Exchange exchange, HttpRequest request)
    {
        var path = request.Path.ToUriComponent();
        var (scrubbedPath, denial) = ScrubUriPart(exchange, path, "url", ['/', ';']);
        if (!string.Equals(scrubbedPath, path, StringComparison.Ordinal))
        {
            request.Path = PathString.FromUriComponent(scrubbedPath.StartsWith('/') ? scrubbedPath : "/" + scrubbedPath);
        }

        if (request.QueryString.Value is { Length: > 1 } query)
        {
            var (scrubbedQuery, inQuery) = ScrubUriPart(exchange, query, "query", ['?', '&', '=', ';']);
            denial ??= inQuery;
            if (!string.Equals(scrubbedQuery, query, StringComparison.Ordinal))
            {
                request.QueryString = new QueryString(scrubbedQuery.StartsWith('?') ? scrubbedQuery : "?" + scrubbedQuery);
            }
        }

        return denial;
    }

    /// <summary>
    /// A path or query as sent (percent-encoded), scrubbed whole; then each of its parts that is still percent- or
    /// plus-encoded is decoded and scrubbed on its own (an <c>@</c> sent as <c>%40</c>), and re-encoded if changed.
    /// </summary>
    private (string Text, PolicyDecision? Denial) ScrubUriPart(Exchange exchange, string raw, string where, char[] separators)
    {
        var whole = Scan(raw);
        var denial = _headers!.Record(exchange, where, whole.Hits);
        var text = whole.Text;
        if (!text.Contains('%', StringComparison.Ordinal) && !text.Contains('+', StringComparison.Ordinal))
        {
            return (text, denial);
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && Array.IndexOf(separators, text[i]) < 0)
            {
                continue;
            }

            var part = text[start..i];
            if (part.Contains('%', StringComparison.Ordinal) || part.Contains('+', StringComparison.Ordinal))
            {
                var decoded = Uri.UnescapeDataString(part.Replace('+', ' '));
                var scrubbed = Scan(decoded);
                denial ??= _headers!.Record(exchange, where, scrubbed.Hits);
                part = string.Equals(scrubbed.Text, decoded, StringComparison.Ordinal) ? part : Uri.EscapeDataString(scrubbed.Text);
            }

            builder.Append(part);
            if (i < text.Length)
            {
                builder.Append(text[i]);
            }

            start = i + 1;
        }

        return (builder.ToString(), denial);
    }

    /// <summary>One URL part, scrubbed by the request engine; a text clean before is not scanned again.</summary>
    private TextScrub Scan(string text) => _headers!.Scan(text);
}
