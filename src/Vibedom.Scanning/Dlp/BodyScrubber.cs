using System.Buffers;
using System.Text;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// Scrubs one body (bytes of any content type) as it flows: <see cref="Write"/> appends to the output every byte
/// that is now safe to send, with each value found replaced (under <see cref="DlpAction.Replace"/>) by
/// <c>[REDACTED_&lt;RULE_ID&gt;]</c>; <see cref="Complete"/> flushes the rest. Bytes outside a match pass unchanged,
/// invalid UTF-8 included. One per body; not thread-safe.
/// </summary>
public sealed class BodyScrubber : IDisposable
{
    private readonly DlpEngine _engine;
    private readonly DlpHitCounter _hits = new();
    private byte[] _buf;
    private int _len;
    private bool _done;

    internal BodyScrubber(DlpEngine engine)
    {
        _engine = engine;
        _buf = ArrayPool<byte>.Shared.Rent(4096);
    }

    /// <summary>Every value found so far, aggregated per (rule, hash).</summary>
    public IReadOnlyList<DlpHit> Hits => _hits.Hits;

    /// <summary>Bytes written but not yet released.</summary>
    public int HeldBytes => _len;

    /// <summary>Feeds the next bytes; appends to <paramref name="output"/> every byte that is now safe to send.</summary>
    public void Write(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_done, this);
        if (_len + input.Length > _buf.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_len + input.Length, _buf.Length * 2));
            _buf.AsSpan(0, _len).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buf);
            _buf = bigger;
        }

        input.CopyTo(_buf.AsSpan(_len));
        _len += input.Length;
    }

    /// <summary>End of the body: scans and flushes what is held.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_done, this);
        var text = Encoding.Latin1.GetString(_buf, 0, _len);
        var matches = _engine.Find(text, bytes: true);
        matches.ForEach(_hits.Add);
        var at = 0;
        foreach (var r in DlpRanges.Replaced(matches, _engine.Policy))
        {
            output.Write(_buf.AsSpan(at, r.Start - at));
            output.Write(Encoding.ASCII.GetBytes(DlpEngine.Marker(r.RuleId)));
            at = r.End;
        }

        output.Write(_buf.AsSpan(at, _len - at));
        _len = 0;
        _done = true;
    }

    public void Dispose()
    {
        _done = true;
        var buf = _buf;
        _buf = [];
        _len = 0;
        if (buf.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }
}
