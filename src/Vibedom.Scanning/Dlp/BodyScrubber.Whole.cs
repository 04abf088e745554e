using System.Buffers;
using System.Text;

namespace Vibedom.Scanning.Dlp;

public sealed partial class BodyScrubber
{
    /// <summary>
    /// <see cref="ScrubWhole"/> for a caller that keeps the body: it is scanned where it lies (not copied into the
    /// scrubber's buffer) and written to <paramref name="output"/> only when a value in it is replaced. False: nothing
    /// was written and the body goes out as it came, byte for byte. A body <see cref="ScrubWhole"/> would stream
    /// (over <see cref="WholeLimit"/>, a PEM start, a scrubber that took writes) is streamed, written whole, and true.
    /// A body close to one the engine read whole before scans only what differs, with the margins of a stream's
    /// hold-back (<see cref="KnownBodies"/>). The scrubber takes no more writes.
    /// </summary>
    public bool ScrubWholeIfChanged(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_done, this);
        if (body.Length > WholeLimit || Released > 0 || _len > 0 || MayHoldPemBegin(body))
        {
            Write(body, output);
            Complete(output);
            return true;
        }

        _done = true;
        if (body.IsEmpty)
        {
            return false;
        }

        // one scan, as Release(Final) on the body copied into _buf would do: every match is whole and counted once;
        // of a body close to one scanned before, only what differs and the margins around it (KnownBodies)
        Released = body.Length;
        var (from, to, matches) = _engine.KnownBodies.Window(body);
        if (from < to)
        {
            var text = Encoding.Latin1.GetString(body[from..to]);
            ScannedBytes += text.Length;
            var found = _engine.Find(text, bytes: true);
            matches.AddRange(from == 0 ? found : found.ConvertAll(m => m with { Start = m.Start + from, End = m.End + from }));
            _engine.KnownBodies.Add(body, matches);
        }

        if (matches.Count == 0)
        {
            return false;
        }

        matches.ForEach(_hits.Add);
        var ranges = DlpRanges.Replaced(matches, _engine.Policy);
        if (ranges.Count == 0)
        {
            return false;
        }

        var at = 0;
        foreach (var (start, end, rule) in ranges)
        {
            output.Write(body[at..start]);
            output.Write(Encoding.ASCII.GetBytes(DlpEngine.Marker(rule)));
            at = end;
        }

        output.Write(body[at..]);
        return true;
    }
}
