using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Vibedom.Proxy.Credentials;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// What happens to each whole message (and control payload) of one connection, in the order an HTTP exchange's
/// transforms run. Toward the server: the request DLP engine (text as UTF-8 text; binary as bytes, like an
/// <c>application/octet-stream</c> body); no credential is swapped in a message (only in the handshake's headers).
/// Toward the client: the response engine (per <c>[dlp] responses</c>), then a bound host's real credential turned
/// back into its sentinel, as <see cref="Dlp.DlpResponseTransform"/> then <see cref="CredentialResponseTransform"/>
/// treat an HTTP response, so a value a rule knows by shape arrives redacted and recorded, and any other arrives as the
/// sentinel. Only the pieces of a real value split across messages are swapped before DLP (<see cref="WebSocketEchoes"/>).
/// Each data message is scanned behind what its direction last sent, text and binary alike
/// (<see cref="WebSocketCarry"/>), so a value split across two messages (of either kind) is found and its part in the
/// second replaced (or, in block mode, the second refused); what the carried part alone holds is not counted twice.
/// Control payloads (ping, pong, close reason) are scanned alone, as bytes (a UTF-8 value is found as in a binary
/// message).
/// </summary>
internal sealed class WebSocketMessageFilter(DlpEngine? request, DlpEngine? response, Replacements? returning, WebSocketFindings? findings, IReadOnlyList<string> sentinels)
{
    /// <summary>Where a value split across two messages is recorded: the message kind's place with this suffix.</summary>
    public const string SplitSuffix = "-split";

    private readonly WebSocketCarry _up = new(sentinels);
    private readonly WebSocketCarry _down = new(sentinels);
    private readonly WebSocketEchoes? _echoes = returning is { IsEmpty: false } ? new(returning) : null;

    /// <summary>How many times the real credential was turned back into the sentinel in messages to the client.</summary>
    public int Echoes { get; private set; }

    /// <summary>The payload to send on for a message or control frame of <paramref name="opcode"/>.</summary>
    /// <param name="payload">Changed in place where a credential echo is turned back into its sentinel.</param>
    public ReadOnlyMemory<byte> Apply(bool toServer, byte opcode, Memory<byte> payload)
    {
        if (opcode == WebSocketFrame.Text && !Utf8.IsValid(payload.Span))
        {
            throw new WebSocketProtocolException(WebSocketProtocolException.InvalidPayload, "a text message was not valid UTF-8");
        }

        var data = opcode is WebSocketFrame.Text or WebSocketFrame.Binary;
        if (!toServer && data && _echoes is not null)
        {
            Echoes += _echoes.SwapPieces(payload.Span); // only a value split across messages: on the upstream's bytes
        }

        var engine = toServer ? request : response;
        var carry = toServer ? _up : _down;
        var output = engine is null ? payload : opcode switch
        {
            WebSocketFrame.Text => ScrubText(engine, toServer, carry, payload),
            WebSocketFrame.Binary => ScrubBinary(engine, toServer, carry, payload),
            _ => ScrubControl(engine, toServer, opcode, payload),
        };

        if (!toServer && returning is { IsEmpty: false })
        {
            Echoes += returning.ReplaceAll(output.Span, 0).Count; // after DLP, as in an HTTP response (a control payload: alone)
        }

        if (engine is not null && data)
        {
            carry.Sent(output.Span); // as sent: a value replaced is its marker, an echo its sentinel
        }

        return output;
    }

    private Memory<byte> ScrubText(DlpEngine engine, bool toServer, WebSocketCarry carry, Memory<byte> payload)
    {
        var message = Encoding.UTF8.GetString(payload.Span);
        var tail = carry.Text;
        var scrub = engine.ScrubText(tail.Length == 0 ? message : tail + message);
        Report(toServer, "text", scrub.Hits, tail.Length > 0, () => engine.ScrubText(tail).Hits, () => engine.ScrubText(message).Hits);
        // the carried part was sent already: what follows it (or, for a value that began in it, its marker) goes now
        return scrub.Changed ? Encoding.UTF8.GetBytes(scrub.Text[SentFrom(scrub.Text.AsSpan(), tail.AsSpan())..]) : payload;
    }

    private Memory<byte> ScrubBinary(DlpEngine engine, bool toServer, WebSocketCarry carry, Memory<byte> payload)
    {
        var tail = carry.Tail;
        var (output, hits) = ScrubBytes(engine, tail, payload.Span);
        Report(toServer, "binary", hits, tail.Length > 0, () => ScrubBytes(engine, [], tail).Hits, () => ScrubBytes(engine, [], payload.Span).Hits);
        var written = output.WrittenSpan;
        return written.Length == tail.Length + payload.Length && written.StartsWith(tail) && written[tail.Length..].SequenceEqual(payload.Span)
            ? payload
            : MemoryMarshal.AsMemory(output.WrittenMemory[SentFrom(written, tail)..]); // the writer is this message's alone
    }

    /// <summary>A ping or pong payload, or a close reason (after its code), scanned as bytes like a binary message.</summary>
    private Memory<byte> ScrubControl(DlpEngine engine, bool toServer, byte opcode, Memory<byte> payload)
    {
        var code = opcode == WebSocketFrame.Close ? Math.Min(2, payload.Length) : 0;
        if (payload.Length == code)
        {
            return payload;
        }

        var (output, hits) = ScrubBytes(engine, [], payload.Span[code..]);
        Report(toServer, "control", hits, carried: false, () => [], () => []);
        if (output.WrittenSpan.SequenceEqual(payload.Span[code..]))
        {
            return payload;
        }

        var scrubbed = new byte[code + output.WrittenCount];
        payload.Span[..code].CopyTo(scrubbed);
        output.WrittenSpan.CopyTo(scrubbed.AsSpan(code));
        return scrubbed;
    }

    /// <summary>
    /// Where the scrubbed tail-and-message starts to be the message's: after the carried part when it came out
    /// unchanged, else where it first differs (a value that began in it: its marker goes with this message).
    /// </summary>
    private static int SentFrom<T>(ReadOnlySpan<T> scrubbed, ReadOnlySpan<T> tail)
        where T : IEquatable<T> =>
        scrubbed.StartsWith(tail) ? tail.Length : scrubbed.CommonPrefixLength(tail);

    /// <summary>A body scrubber over the carried bytes then the message, as one body.</summary>
    private static (ArrayBufferWriter<byte> Output, IReadOnlyList<DlpHit> Hits) ScrubBytes(DlpEngine engine, ReadOnlySpan<byte> tail, ReadOnlySpan<byte> message)
    {
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>(Math.Max(256, tail.Length + message.Length + 64));
        if (tail.Length + message.Length <= BodyScrubber.WholeLimit)
        {
            var whole = new byte[tail.Length + message.Length];
            tail.CopyTo(whole);
            message.CopyTo(whole.AsSpan(tail.Length));
            scrubber.ScrubWhole(whole, output);
        }
        else
        {
            scrubber.Write(tail, output);
            scrubber.Write(message, output);
            scrubber.Complete(output);
        }

        return (output, scrubber.Hits);
    }

    /// <summary>
    /// Records what a message brought: the hits of the scan less those the carried part holds alone (found, and
    /// recorded, with the message before); of those, the ones the message alone does not hold are split across
    /// the two (<see cref="SplitSuffix"/>). A block-mode hit refuses the message.
    /// </summary>
    private void Report(bool toServer, string kind, IReadOnlyList<DlpHit> hits, bool carried, Func<IReadOnlyList<DlpHit>> tailHits, Func<IReadOnlyList<DlpHit>> messageHits)
    {
        if (hits.Count == 0 || findings is null)
        {
            return;
        }

        var fresh = carried ? Minus(hits, tailHits()) : hits;
        if (fresh.Count == 0)
        {
            return;
        }

        List<DlpHit> split = carried ? Minus(fresh, messageHits()) : [];
        var where = (toServer ? "websocket-" : "websocket-response-") + kind;
        if (findings.Add([(where, Minus(fresh, split)), (where + SplitSuffix, split)], response: !toServer) is { } denial)
        {
            throw new WebSocketBlockedException(denial);
        }
    }

    /// <summary><paramref name="hits"/> less <paramref name="less"/>, counted per rule and value hash.</summary>
    private static List<DlpHit> Minus(IReadOnlyList<DlpHit> hits, IReadOnlyList<DlpHit> less)
    {
        var taken = new Dictionary<(string, string), int>();
        foreach (var l in less)
        {
            taken[(l.RuleId, l.Hash)] = taken.GetValueOrDefault((l.RuleId, l.Hash)) + l.Count;
        }

        var left = new List<DlpHit>();
        foreach (var hit in hits)
        {
            var count = hit.Count - taken.GetValueOrDefault((hit.RuleId, hit.Hash));
            if (count > 0)
            {
                left.Add(hit with { Count = count });
            }
        }

        return left;
    }
}
