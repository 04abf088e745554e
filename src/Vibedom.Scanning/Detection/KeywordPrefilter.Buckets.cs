namespace Vibedom.Scanning.Detection;

internal sealed partial class KeywordPrefilter
{
    private const int TripleBuckets = 7;

    /// <summary>
    /// How often each ASCII byte occurs in typical text, per mille (counted over this project's C# and Markdown:
    /// prose, code, punctuation; 0 for the control chars a model request seldom holds).
    /// </summary>
    private static ReadOnlySpan<byte> Weights =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        191, 1, 3, 1, 1, 1, 1, 2, 9, 9, 1, 1, 10, 3, 13, 9, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 3, 6, 3, 4, 4, 1,
        1, 3, 1, 4, 2, 3, 1, 1, 2, 2, 1, 1, 2, 2, 2, 2, 3, 1, 3, 5, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8,
        8, 47, 10, 22, 25, 84, 11, 13, 20, 40, 1, 6, 26, 14, 47, 44, 16, 1, 43, 50, 57, 17, 7, 9, 5, 12, 1, 3, 2, 3, 1, 0,
    ];

    /// <summary>
    /// A bucket for each keyword (its index in <paramref name="keywords"/>), greedily, longest first: the one whose
    /// expected share of passed positions grows least. A bucket passes the product over the three positions of the
    /// weights of the bytes its nibbles combine into, so keywords whose chars share nibbles go together and a bucket
    /// does not pass every letter (grouped only by first char, the chat body of a model request passed about 14% of
    /// its positions; this way about 4%).
    /// </summary>
    private static int[] AssignBuckets(string[] keywords)
    {
        var masks = new (ushort Lo, ushort Hi)[TripleBuckets, 3];
        var assigned = new int[keywords.Length];
        foreach (var k in Enumerable.Range(0, keywords.Length).OrderByDescending(k => keywords[k].Length))
        {
            var (best, bestGrowth) = (0, double.MaxValue);
            for (var b = 0; b < TripleBuckets; b++)
            {
                var before = 1.0;
                var after = 1.0;
                for (var i = 0; i < 3; i++)
                {
                    var (lo, hi) = masks[b, i];
                    before *= Passed(lo, hi);
                    var (withLo, withHi) = With(lo, hi, keywords[k][i]);
                    after *= Passed(withLo, withHi);
                }

                if (after - before < bestGrowth)
                {
                    (best, bestGrowth) = (b, after - before);
                }
            }

            for (var i = 0; i < 3; i++)
            {
                masks[best, i] = With(masks[best, i].Lo, masks[best, i].Hi, keywords[k][i]);
            }

            assigned[k] = best;
        }

        return assigned;
    }

    private static (ushort Lo, ushort Hi) With(ushort lo, ushort hi, char c)
    {
        foreach (var v in char.IsAsciiLetterLower(c) ? [c, (char)(c & ~0x20)] : new[] { c })
        {
            lo |= (ushort)(1 << (v & 0x0F));
            hi |= (ushort)(1 << (v >> 4));
        }

        return (lo, hi);
    }

    /// <summary>The weight of the ASCII bytes whose low nibble is in <paramref name="lo"/> and high nibble in <paramref name="hi"/>.</summary>
    private static double Passed(ushort lo, ushort hi)
    {
        var sum = 0;
        for (var h = 0; h < 8; h++)
        {
            for (var l = 0; l < 16 && (hi & (1 << h)) != 0; l++)
            {
                sum += (lo & (1 << l)) != 0 ? Weights[(h << 4) | l] : 0;
            }
        }

        return sum;
    }
}
