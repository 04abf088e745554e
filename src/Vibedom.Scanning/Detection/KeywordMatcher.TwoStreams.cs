namespace Vibedom.Scanning.Detection;

internal sealed partial class KeywordMatcher
{
    /// <summary>Texts at least this long are read as two halves at once (<see cref="FindAllInTwo"/>).</summary>
    private const int TwoStreams = 2048;

    /// <summary>
    /// The automaton over both halves of <paramref name="text"/> in one loop: each step reads a char of each, two
    /// independent table reads instead of one that waits for the last (the pass is bound by that wait, not by the
    /// reads). The first half runs on for the longest keyword less one char past the middle, so a keyword across the
    /// middle is inside it: every occurrence lies in one half, and the halves mark what one pass would.
    /// </summary>
    private void FindAllInTwo(ReadOnlySpan<char> text, bool[] found)
    {
        var middle = text.Length / 2;
        var first = text[..Math.Min(text.Length, middle + Math.Max(0, MaxLength - 1))];
        var second = text[middle..];
        var rows = _ascii;
        var classOf = _classOf;
        int a = 0, b = 0;
        var n = Math.Min(first.Length, second.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = first[i];
            var cb = second[i];
            var na = ca < Ascii ? rows[a + classOf[ca]] : NonAscii(a, ca);
            var nb = cb < Ascii ? rows[b + classOf[cb]] : NonAscii(b, cb);
            a = na & int.MaxValue;
            b = nb & int.MaxValue;
            if ((na | nb) < 0)
            {
                if (na < 0)
                {
                    Mark(a, found);
                }

                if (nb < 0)
                {
                    Mark(b, found);
                }
            }
        }

        Run(first[n..], a, found);
        Run(second[n..], b, found);
    }
}
