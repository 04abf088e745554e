using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// DLP on responses, so a secret fetched from an allowed host does not enter the agent's context unannounced:
/// <c>[dlp] responses = "scrub"</c> replaces it, <c>"log"</c> only records it. Every response's headers, trailers and
/// HTTP/1.1 reason phrase (<see cref="DlpHeaders"/>: <c>response-header:NAME</c>, <c>response-trailer:NAME</c>,
/// <c>response-reason</c>), and text-like bodies (<see cref="TextLike"/>).
/// The body is decoded when the upstream compressed it anyway and relayed as identity, streamed (SSE and NDJSON
/// event by event), without a Content-Length. Other types (images, archives, binaries) are relayed as they are.
/// </summary>
internal sealed class DlpResponseTransform(DlpEngines engines, ILogger logger) : IResponseTransform
{
    private static readonly PolicyDecision UnknownEncoding = PolicyDecision.Deny(DlpRequestTransform.EncodingRule, 502,
        "the upstream answered with a Content-Encoding DLP cannot decode (gzip, deflate, br and identity are read)");

    private readonly DlpHeaders? _headers = engines.Response is { } engine ? new DlpHeaders(engines, logger, engine, response: true) : null;

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (engines.Response is not { } engine || _headers is not { } scrubber || exchange.Http is not { } http || exchange.UpstreamResponse is not { } upstream)
        {
            return ValueTask.CompletedTask;
        }

        scrubber.Apply(exchange, http.Response.Headers, "response-header");
        exchange.OnResponseTrailers(trailers => scrubber.Apply(exchange, trailers, "response-trailer"));
        if (http.Features.Get<IHttpResponseFeature>() is { ReasonPhrase: { } reason } feature)
        {
            var scrubbed = scrubber.Scan(reason);
            scrubber.Record(exchange, "response-reason", scrubbed.Hits);
            feature.ReasonPhrase = scrubbed.Text;
        }

        if (!TextLike(upstream.Content.Headers.ContentType))
        {
            return ValueTask.CompletedTask;
        }

        var headers = http.Response.Headers;
        if (ContentCoding.Parse(headers.ContentEncoding) is not { } codings)
        {
            exchange.Stop(UnknownEncoding);
            return ValueTask.CompletedTask;
        }

        var original = upstream.Content;
        var stream = new ScrubbingStream(
            ContentCoding.Decode(original.ReadAsStream(cancellationToken), codings),
            engine.CreateBodyScrubber(),
            hits => DlpFindings.Record(exchange, engines, logger, "response-body", hits, response: true),
            ReadAhead(original.Headers));
        exchange.BeforeEnd(stream.Report);
        var content = new StreamContent(stream);
        foreach (var header in original.Headers)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        upstream.Content = content; // YARP relays the content it finds after the transforms ran
        headers.ContentLength = null;
        headers.Remove("Content-Encoding");
        return ValueTask.CompletedTask;
    }

    /// <summary>The largest response read whole before it is scrubbed (one scan instead of the streaming windows).</summary>
    public const int WholeLimit = 256 * 1024;

    /// <summary>
    /// How far the first read reads ahead: <see cref="WholeLimit"/> (decoded bytes) for a body that declares a length up to
    /// it and is not an event stream or NDJSON (those stream event by event whatever their length); 0 (stream) otherwise.
    /// </summary>
    internal static int ReadAhead(HttpContentHeaders headers)
    {
        var media = headers.ContentType?.MediaType ?? string.Empty;
        var streamed = media.Contains("event-stream", StringComparison.OrdinalIgnoreCase) || media.Contains("ndjson", StringComparison.OrdinalIgnoreCase)
            || media.Contains("jsonl", StringComparison.OrdinalIgnoreCase) || media.Contains("json-seq", StringComparison.OrdinalIgnoreCase);
        return !streamed && headers.ContentLength is > 0 and <= WholeLimit ? WholeLimit : 0;
    }

    /// <summary>
    /// Text the agent reads: text/*, JSON, XML, JavaScript, form data, event streams, NDJSON (and their +json/+xml
    /// kinds); a body without a type counts as text.
    /// </summary>
    internal static bool TextLike(MediaTypeHeaderValue? type)
    {
        if (type?.MediaType is not { Length: > 0 } media)
        {
            return true;
        }

        media = media.ToLowerInvariant();
        return media.StartsWith("text/", StringComparison.Ordinal)
            || media.EndsWith("+json", StringComparison.Ordinal)
            || media.EndsWith("+xml", StringComparison.Ordinal)
            || media is "application/json" or "application/xml" or "application/javascript" or "application/x-javascript"
                or "application/ecmascript" or "application/x-www-form-urlencoded" or "application/x-ndjson"
                or "application/ndjson" or "application/jsonl" or "application/json-seq" or "application/graphql"
                or "application/x-yaml" or "application/yaml" or "application/toml";
    }
}
