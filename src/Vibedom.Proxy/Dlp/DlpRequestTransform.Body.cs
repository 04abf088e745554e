using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// The request body, of any size and type. Compressed bodies are decoded first and sent as identity. A body with a
/// Content-Length up to <see cref="BufferLimit"/> is read whole, scrubbed and sent with an exact length (or as it
/// came, byte for byte, when nothing was replaced); a larger or chunked one streams through the scrubber and goes out
/// chunked. Block mode reads the body whole before anything is sent, and refuses one larger than the bound (413).
/// </summary>
internal sealed partial class DlpRequestTransform
{
    public const string EncodingRule = "dlp-encoding";
    public const string TooLargeRule = "dlp-block-size";

    private static readonly PolicyDecision UnknownEncoding = PolicyDecision.Deny(EncodingRule, 415,
        "the request body has a Content-Encoding DLP cannot decode (gzip, deflate, br and identity are read)");

    private static readonly PolicyDecision TooLargeToBlock = PolicyDecision.Deny(TooLargeRule, 413,
        $"[dlp] block mode reads a request body whole before sending it; this one is larger than {BufferLimit / (1024 * 1024)} MiB");

    public const string BusyRule = "dlp-block-busy";

    private static readonly PolicyDecision TooManyToBlock = PolicyDecision.Deny(BusyRule, 503,
        $"[dlp] block mode reads a request body whole before sending it; the session's requests already hold {HeldBodies.DefaultCapacity / (1024 * 1024)} MiB of bodies: retry when they have finished");

    private async ValueTask ScrubBodyAsync(Exchange exchange, HttpContext http, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false } || request.ContentLength == 0)
        {
            return;
        }

        if (ContentCoding.Parse(request.Headers.ContentEncoding) is not { } codings)
        {
            exchange.Stop(UnknownEncoding);
            return;
        }

        if (!engines.Blocks && request.ContentLength is not (> 0 and <= BufferLimit))
        {
            Stream(exchange, http, request.Body, codings);
            return;
        }

        if (request.ContentLength > BufferLimit)
        {
            exchange.Stop(TooLargeToBlock); // block mode: never fits, so refused as too large before a byte is read, not as busy
            return;
        }

        // what the agent makes the proxy hold is bounded across its requests, not per request: past the bound, stream
        var reserved = request.ContentLength ?? BufferLimit;
        if (_held.TryReserve(reserved) is not { } reservation)
        {
            if (engines.Blocks)
            {
                exchange.Stop(TooManyToBlock);
            }
            else
            {
                Stream(exchange, http, request.Body, codings);
            }

            return;
        }

        http.Response.RegisterForDispose(reservation); // held until the exchange is done (the array is what is forwarded)
        var raw = await ReadUpToAsync(request.Body, BufferLimit, cancellationToken, request.ContentLength ?? 0).ConfigureAwait(false);
        if (raw is null)
        {
            exchange.Stop(TooLargeToBlock); // only block mode reads a body of unknown length
            return;
        }

        var scrubbed = await ScrubWholeAsync(raw, codings, cancellationToken).ConfigureAwait(false);
        if (scrubbed is null)
        {
            if (engines.Blocks)
            {
                exchange.Stop(TooLargeToBlock);
            }
            else
            {
                Stream(exchange, http, new MemoryStream(raw, writable: false), codings); // decodes to more than the bound
            }

            return;
        }

        var (output, hits) = scrubbed.Value;
        var replaced = hits.Any(h => engines.ModeOf(h) == DlpMode.Scrub);
        if (replaced && !hits.Any(h => engines.ModeOf(h) == DlpMode.Block) && !HoldScrubbed(http, output, reserved))
        {
            if (engines.Blocks)
            {
                exchange.Stop(TooManyToBlock);
            }
            else
            {
                Stream(exchange, http, new MemoryStream(raw, writable: false), codings); // scanned again as it streams
            }

            return;
        }

        if (DlpFindings.Record(exchange, engines, logger, "body", hits) is { } denial)
        {
            exchange.Stop(denial);
            return;
        }

        var body = replaced ? output : raw; // nothing replaced: the body goes as it came, compressed or not
        if (replaced)
        {
            request.Headers.Remove("Content-Encoding");
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
    }

    /// <summary>
    /// Reserves what the scrubbed body holds past the read one's reservation: it is what is forwarded, held until the
    /// exchange ends (the agent decides when: it need not read the response), and decoded it may be thousands of
    /// times the bytes read (red team s27: 15 KiB of gzip, 15 MiB scrubbed, 16 such requests 240 MiB). False when it
    /// does not fit.
    /// </summary>
    private bool HoldScrubbed(HttpContext http, byte[] output, long reserved)
    {
        if (output.Length <= reserved)
        {
            return true;
        }

        if (_held.TryReserve(output.Length - reserved) is not { } more)
        {
            return false;
        }

        http.Response.RegisterForDispose(more);
        return true;
    }

    /// <summary>The body streams through the scrubber and leaves chunked (its length is not known ahead), as identity.</summary>
    private void Stream(Exchange exchange, HttpContext http, Stream source, IReadOnlyList<string> codings)
    {
        var request = http.Request;
        var stream = new ScrubbingStream(ContentCoding.Decode(source, codings), engines.Request!.CreateBodyScrubber(),
            hits => DlpFindings.Record(exchange, engines, logger, "body", hits));
        exchange.BeforeEnd(stream.Report);
        http.Response.RegisterForDispose(stream);
        request.Body = stream;
        request.ContentLength = null;
        request.Headers.Remove("Content-Encoding");
    }

    /// <summary>The largest buffer a declared Content-Length reserves before its bytes arrive (a larger one grows as they come).</summary>
    private const int PresizeLimit = 256 * 1024;

    /// <summary>
    /// The whole body, or null when it is longer than <paramref name="limit"/>. A body that declares its length
    /// (<paramref name="lengthHint"/>, up to <see cref="PresizeLimit"/>) is read straight into an array of that
    /// length, not zeroed first (every byte of it is read before it is used) and not copied after.
    /// </summary>
    private static async Task<byte[]?> ReadUpToAsync(Stream body, int limit, CancellationToken cancellationToken, long lengthHint = 0)
    {
        if (lengthHint is > 0 && lengthHint <= limit && lengthHint <= PresizeLimit)
        {
            var exact = GC.AllocateUninitializedArray<byte>((int)lengthHint);
            var length = 0;
            int read;
            while (length < exact.Length && (read = await body.ReadAsync(exact.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length < exact.Length)
            {
                return exact.AsSpan(0, length).ToArray(); // shorter than declared (Kestrel refuses it before this)
            }

            var more = new byte[1];
            if (await body.ReadAsync(more, cancellationToken).ConfigureAwait(false) == 0)
            {
                return exact;
            }

            // longer than declared (a body another stage replaced): read on as one of unknown length
            var rest = await ReadUpToAsync(body, limit - exact.Length - 1, cancellationToken).ConfigureAwait(false);
            return rest is null ? null : [.. exact, .. more, .. rest];
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>The decoded, scrubbed body and what was found; null when it decodes to more than <see cref="DecodedLimit"/>.</summary>
    private async Task<(byte[] Output, IReadOnlyList<Scanning.Dlp.DlpHit> Hits)?> ScrubWholeAsync(byte[] raw, IReadOnlyList<string> codings, CancellationToken cancellationToken)
    {
        if (codings.Count == 0 && raw.Length <= Scanning.Dlp.BodyScrubber.WholeLimit)
        {
            // held whole already and not encoded: one scan instead of the streaming windows
            using var scrubber = engines.Request!.CreateBodyScrubber();
            using var output = new PooledBufferWriter(raw.Length + 256);
            // scanned where it lies; written out only when a value was replaced, else it goes as it came
            var changed = scrubber.ScrubWholeIfChanged(raw, output);
            return (changed ? output.WrittenSpan.ToArray() : raw, scrubber.Hits);
        }

        var scrubbing = new ScrubbingStream(ContentCoding.Decode(new MemoryStream(raw, writable: false), codings), engines.Request!.CreateBodyScrubber(), _ => { },
            Scanning.Dlp.BodyScrubber.WholeLimit);
        await using (scrubbing.ConfigureAwait(false))
        {
            var output = await ReadUpToAsync(scrubbing, DecodedLimit, cancellationToken).ConfigureAwait(false);
            return output is null ? null : (output, scrubbing.Hits);
        }
    }
}
