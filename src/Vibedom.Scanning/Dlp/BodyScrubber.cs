using System.Buffers;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// Scrubs one body (bytes of any content type) as it flows: <see cref="Write"/> appends to the output every byte
/// that is now safe to send, with each value found replaced (under <see cref="DlpAction.Replace"/>) by
/// <c>[REDACTED_&lt;RULE_ID&gt;]</c>; <see cref="Complete"/> flushes the rest. Bytes outside a match pass unchanged,
/// invalid UTF-8 included (the body is scanned as Latin-1: one char per byte).
/// <para>Hold-back (<see cref="DlpLimits"/>): everything up to the last <c>\n</c> is released by the write that
/// brought it (SSE events and NDJSON lines get no added latency); after it, a tail is held and released in steps;
/// a PEM block is held from <c>-----BEGIN</c> to its <c>-----END …-----</c>; a release never cuts inside a match.
/// The buffer never exceeds <see cref="DlpLimits.MaxHeld"/> bytes whatever the body.</para>
/// One per body; not thread-safe.
/// </summary>
public sealed partial class BodyScrubber : IDisposable
{
    private readonly DlpEngine _engine;
    private readonly DlpLimits _limits;
    private readonly DlpHitCounter _hits = new();
    private byte[] _buf;
    private int _ctx;
    private int _len;
    private bool _done;

    internal BodyScrubber(DlpEngine engine)
    {
        _engine = engine;
        _limits = engine.Limits;
        _buf = ArrayPool<byte>.Shared.Rent(Math.Min(4096, _limits.MaxHeld));
    }

    /// <summary>Every value found so far, aggregated per (rule, hash).</summary>
    public IReadOnlyList<DlpHit> Hits => _hits.Hits;

    /// <summary>Bytes written but not yet released.</summary>
    public int HeldBytes => _len;

    /// <summary>The size of the buffer (held bytes, the left context and free room): at most <see cref="DlpLimits.MaxHeld"/> rounded up by the pool.</summary>
    public int BufferBytes => _buf.Length;

    /// <summary>Bytes the detectors read so far, left context and re-scanned hold-back included (the cost of the windows).</summary>
    public long ScannedBytes { get; private set; }

    /// <summary>Bytes released so far (the stream offset of the first held byte).</summary>
    public long Released { get; private set; }

    /// <summary>Feeds the next bytes; appends to <paramref name="output"/> every byte that is now safe to send.</summary>
    public void Write(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_done, this);
        while (!input.IsEmpty)
        {
            if (_ctx + _len == _limits.MaxHeld)
            {
                Release(output, Mode.Forced);
            }

            var take = Math.Min(input.Length, _limits.MaxHeld - _ctx - _len);
            Grow(_ctx + _len + take);
            var fresh = input[..take];
            fresh.CopyTo(_buf.AsSpan(_ctx + _len));
            _len += take;
            input = input[take..];
            Release(output, Mode.Streaming, fresh);
        }
    }

    /// <summary>The largest body <see cref="ScrubWhole"/> scans in one piece (1 MiB); a larger one is streamed.</summary>
    public const int WholeLimit = 1 << 20;

    /// <summary>
    /// A body already held whole (the proxy read it to its end): scrubbed in one scan, as if written and completed
    /// with no hold-back, instead of the overlapping windows of <see cref="Write"/> (which scan a single-line body about
    /// twice), or only what differs from a body the engine read whole before (<see cref="KnownBodies"/>). Over
    /// <see cref="WholeLimit"/>, or once this scrubber took writes, it is <see cref="Write"/> then
    /// <see cref="Complete"/>. The scrubber takes no more writes.
    /// </summary>
    public void ScrubWhole(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (!ScrubWholeIfChanged(body, output))
        {
            output.Write(body);
        }
    }

    /// <summary>
    /// A PEM block may start here (five dashes, or any dash written <c>\u002d</c> or <c>%2d</c>, in any case): such a
    /// body takes the streaming path, whose PEM window replaces a private key that has no END line within it
    /// (the one-scan path has only the rule, which takes a block through its END line or to the end of its key body).
    /// </summary>
    private static bool MayHoldPemBegin(ReadOnlySpan<byte> body) => PemBeginScan.MayHold(body);

    /// <summary>End of the body: scans and flushes what is held. The scrubber takes no more writes.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_done, this);
        Release(output, Mode.Final);
        _done = true;
    }

    public void Dispose()
    {
        _done = true;
        var buf = _buf;
        _buf = [];
        _ctx = _len = 0;
        if (buf.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    private void Grow(int needed)
    {
        if (needed <= _buf.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_limits.MaxHeld, Math.Max(needed, _buf.Length * 2)));
        _buf.AsSpan(0, _ctx + _len).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buf);
        _buf = bigger;
    }

    private enum Mode
    {
        /// <summary>A write: release what is safe, hold the tail.</summary>
        Streaming,

        /// <summary>The buffer is full: release at least half the tail, cutting a match longer than the hold-back if it must.</summary>
        Forced,

        /// <summary>The body ended: release everything.</summary>
        Final,
    }
}
