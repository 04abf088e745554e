namespace Vibedom.Scanning.Detection;

internal sealed partial class KeywordMatcher
{
    /// <summary>Texts at least this long are read as four quarters at once (<see cref="FindAllInFour"/>).</summary>
    private const int FourStreams = 8192;

    /// <summary>
    /// <see cref="FindAllInTwo"/> with four quarters: four independent table reads a step. Each quarter but the last runs
    /// on for the longest keyword less one char past its end, so every occurrence lies in one quarter.
    /// </summary>
    private void FindAllInFour(ReadOnlySpan<char> text, bool[] found)
    {
        var quarter = text.Length / 4;
        var overlap = Math.Max(0, MaxLength - 1);
        var s0 = text[..(quarter + overlap)];
        var s1 = text.Slice(quarter, quarter + overlap);
        var s2 = text.Slice(2 * quarter, quarter + overlap);
        var s3 = text[(3 * quarter)..];
        var rows = _ascii;
        var classOf = _classOf;
        int a = 0, b = 0, c = 0, d = 0;
        var n = Math.Min(s0.Length, s3.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = s0[i];
            var cb = s1[i];
            var cc = s2[i];
            var cd = s3[i];
            var na = ca < Ascii ? rows[a + classOf[ca]] : NonAscii(a, ca);
            var nb = cb < Ascii ? rows[b + classOf[cb]] : NonAscii(b, cb);
            var nc = cc < Ascii ? rows[c + classOf[cc]] : NonAscii(c, cc);
            var nd = cd < Ascii ? rows[d + classOf[cd]] : NonAscii(d, cd);
            a = na & int.MaxValue;
            b = nb & int.MaxValue;
            c = nc & int.MaxValue;
            d = nd & int.MaxValue;
            if ((na | nb | nc | nd) < 0)
            {
                MarkAny(na, a, found);
                MarkAny(nb, b, found);
                MarkAny(nc, c, found);
                MarkAny(nd, d, found);
            }
        }

        Run(s0[n..], a, found);
        Run(s1[n..], b, found);
        Run(s2[n..], c, found);
        Run(s3[n..], d, found);
    }

    private void MarkAny(int next, int row, bool[] found)
    {
        if (next < 0)
        {
            Mark(row, found);
        }
    }
}
