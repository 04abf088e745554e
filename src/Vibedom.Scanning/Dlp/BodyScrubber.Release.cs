using System.Buffers;
using System.Text;

namespace Vibedom.Scanning.Dlp;

public sealed partial class BodyScrubber
{
    /// <summary>Matches already counted that a later scan may see again from the left context: (stream offset, rule).</summary>
    private readonly HashSet<(long Start, string RuleId)> _counted = [];
    private int _stuckAt = -1;

    /// <summary>Stream offset where the base64 run ending at the last released byte began; -1 when that byte is not base64.</summary>
    private long _runStart = -1;

    /// <summary>Bytes of a base64 run, standard or URL-safe.</summary>
    internal static readonly SearchValues<byte> Base64Run = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"u8);

    /// <summary>Scans the held bytes (with the left context) and releases what is safe under <paramref name="mode"/>.</summary>
    private void Release(IBufferWriter<byte> output, Mode mode, ReadOnlySpan<byte> fresh = default)
    {
        DropAbsorbed();
        if (_len == 0)
        {
            return;
        }

        var r0 = mode switch
        {
            Mode.Final => _len,
            Mode.Forced => _len - _limits.Tail,
            _ => Math.Max(_buf.AsSpan(_ctx, _len).LastIndexOf((byte)'\n') + 1, _len >= 2 * _limits.Tail ? _len - _limits.Tail : 0),
        };
        if (r0 <= 0 || (mode == Mode.Streaming && Stuck(fresh)))
        {
            return;
        }

        var text = Encoding.Latin1.GetString(_buf, 0, _ctx + _len);
        ScannedBytes += text.Length;
        var matches = _engine.Find(text, bytes: true);
        var r = r0;
        var (pem, overflow) = mode == Mode.Final ? (-1, -1) : PemHold(text, r0);
        if (mode == Mode.Forced && pem >= 0)
        {
            (pem, overflow) = (-1, pem); // the buffer is full: the block is as long as it may be held
        }
        else if (pem >= 0)
        {
            r = pem;
        }

        if (mode != Mode.Final)
        {
            r = NotInsideMatch(matches, r);
            if (mode == Mode.Forced && r < r0 / 2)
            {
                r = r0; // a match longer than the hold-back: cut it, its rest is absorbed
            }
        }

        if (r == 0)
        {
            _stuckAt = _len;
            return;
        }

        _stuckAt = -1;
        if (overflow >= 0 && overflow < r)
        {
            AbsorbPrivateKey(text, matches, overflow, r);
        }

        Emit(output, matches, r);
    }

    /// <summary>A scan that released nothing is not repeated until 256 more bytes, or a '-' that may end a PEM line, arrive.</summary>
    private bool Stuck(ReadOnlySpan<byte> fresh) =>
        _stuckAt >= 0 && _len - _stuckAt < 256 && fresh.IndexOfAny((byte)'-', (byte)'d', (byte)'D') < 0;

    /// <summary>Moves <paramref name="r"/> (relative to the held bytes) back to the start of any match it would cut.</summary>
    private int NotInsideMatch(List<DlpMatch> matches, int r)
    {
        var moved = true;
        while (moved && r > 0)
        {
            moved = false;
            foreach (var m in matches)
            {
                var start = m.Start - _ctx;
                if (start < r && m.End - _ctx > r)
                {
                    r = Math.Max(0, start);
                    moved = true;
                }
            }
        }

        return r;
    }

    /// <summary>Writes the first <paramref name="r"/> held bytes, replaced where the policy says, and counts the hits.</summary>
    private void Emit(IBufferWriter<byte> output, List<DlpMatch> matches, int r)
    {
        var plan = new List<DlpMatch>();
        _counted.RemoveWhere(c => c.Start < Released - _limits.MaxHeld);
        foreach (var m in matches)
        {
            int start = m.Start - _ctx, end = m.End - _ctx;
            if (end <= 0 || start >= r)
            {
                continue;
            }

            var key = (Released + start, m.RuleId);
            var seen = start < 0 && _counted.Contains(key);
            if (!seen)
            {
                _hits.Add(m);
                if (start < 0 || end > r)
                {
                    _counted.Add(key);
                }
            }

            if (end > r && _engine.Policy.For(m.Class) == DlpAction.Replace && _absorb != Absorb.PrivateKey)
            {
                _absorb = Absorb.Token; // a key block cut here is dropped through its END line, not to the end of a token
            }

            // the continuation of a value already marked is dropped, not marked twice
            plan.Add(m with { Start = Math.Max(start, 0), End = Math.Min(end, r), RuleId = seen ? string.Empty : m.RuleId });
        }

        var held = _buf.AsSpan(_ctx, r);
        var at = 0;
        foreach (var (start, end, rule) in DlpRanges.Replaced(plan, _engine.Policy))
        {
            output.Write(held[at..start]);
            if (rule.Length > 0)
            {
                output.Write(Encoding.ASCII.GetBytes(DlpEngine.Marker(rule)));
            }

            at = end;
        }

        output.Write(held[at..]);
        Consume(r);
    }

    /// <summary>Drops the first <paramref name="r"/> held bytes (released): the last of them become the left context.</summary>
    private void Consume(int r)
    {
        var end = _ctx + r;
        var ctx = AlignedContext(end);
        _buf.AsSpan(end - ctx, ctx + _len - r).CopyTo(_buf);
        _ctx = ctx;
        _len -= r;
        Released += r;
    }

    /// <summary>
    /// The context length for a cut at <paramref name="end"/>: <see cref="DlpLimits.Context"/>, moved by up to 3 bytes
    /// so that inside a base64 run the next scan starts on a 4-byte boundary of the run (the decoder then decodes
    /// the run's own bytes, not a shifted garbage).
    /// </summary>
    private int AlignedContext(int end)
    {
        var ctx = Math.Min(_limits.Context, end);
        var bufferStart = Released - _ctx;
        var last = _buf.AsSpan(0, end).LastIndexOfAnyExcept(Base64Run);
        _runStart = last >= 0 ? bufferStart + last + 1 : _runStart >= 0 ? _runStart : bufferStart;
        var contextStart = bufferStart + end - ctx;
        if (_runStart >= contextStart || end == 0)
        {
            return ctx;
        }

        var off = (int)((contextStart - _runStart) % 4);
        return ctx + off <= end ? ctx + off : ctx - 4 + off;
    }
}
