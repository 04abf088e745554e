namespace Vibedom.Scanning.Dlp.Decoding;

/// <summary>
/// A text with some of its escapes decoded (<see cref="JsonEscapes"/>, <see cref="FormDecoding"/>), and the way back:
/// every range of <see cref="Text"/> maps to the range of the source that produced it, so a value found decoded is
/// replaced where it was sent, in its encoded form (the body is never re-encoded). Chars that decode one to one
/// (a form's <c>+</c>) keep their position; each other decoded piece is a <see cref="Unit"/>. A text decoded from a
/// decoded text maps through it to the original.
/// </summary>
internal sealed class DecodedText
{
    private readonly List<Unit> _units;
    private readonly DecodedText? _from;

    internal DecodedText(string text, List<Unit> units, DecodedText? from, int depth)
    {
        Text = text;
        _units = units;
        _from = from;
        Depth = depth;
    }

    /// <summary>One decoded piece: <see cref="Length"/> chars at <see cref="Start"/> came from <see cref="SourceLength"/> source chars.</summary>
    internal readonly record struct Unit(int Start, int Length, int SourceStart, int SourceLength)
    {
        public int End => Start + Length;

        public int SourceEnd => SourceStart + SourceLength;
    }

    public string Text { get; }

    /// <summary>How many decodings are stacked: 1 for a text decoded from the original.</summary>
    public int Depth { get; }

    /// <summary>The range of the original text that produced <c>[start, end)</c> of <see cref="Text"/> (a non-empty range).</summary>
    public (int Start, int End) ToSource(int start, int end)
    {
        var (s, e) = (MapStart(start), MapEnd(end));
        return _from is null ? (s, e) : _from.ToSource(s, e);
    }

    private int MapStart(int p)
    {
        var u = UnitAtOrBefore(p);
        if (u < 0)
        {
            return p;
        }

        var unit = _units[u];
        return p < unit.End ? unit.SourceStart : p + unit.SourceEnd - unit.End;
    }

    private int MapEnd(int end)
    {
        var last = end - 1;
        var u = UnitAtOrBefore(last);
        return u >= 0 && last < _units[u].End ? _units[u].SourceEnd : MapStart(last) + 1;
    }

    /// <summary>The index of the last unit that starts at or before <paramref name="p"/>; -1 for none.</summary>
    private int UnitAtOrBefore(int p)
    {
        int lo = 0, hi = _units.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_units[mid].Start <= p)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
