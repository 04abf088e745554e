using System.Numerics;

namespace Vibedom.Scanning.Detection;

internal static partial class EncodingScanner
{
    /// <summary>
    /// From <paramref name="from"/>, a run boundary (the text's start or after a char not in <c>[\w/+-]</c>), the first
    /// position the scan must read char by char: the start of the run holding the first <c>%</c>, <c>\u</c>,
    /// <c>\U</c>, <c>\\</c>, <c>U+</c> or run of 16 run chars. Everything before it is words shorter than 16 chars and
    /// separators, where no alternative matches (a short run matches only as <c>U+XXXX</c>, an escape only as
    /// <c>\u</c>): the scan would read them and find nothing. 16 chars a step (<see cref="AsciiMasks"/>); the last 31
    /// chars are left to the scan.
    /// </summary>
    private static int SkipPlain(ReadOnlySpan<char> text, int from)
    {
        var q = from;
        if (q + 32 > text.Length)
        {
            return from;
        }

        var run = AsciiMasks.RunChars(text, q) | (AsciiMasks.RunChars(text, q + 16) << 16); // bit j: text[q + j]
        while (true)
        {
            var longRun = run & (run >> 1);
            longRun &= longRun >> 2;
            longRun &= longRun >> 4;
            longRun &= longRun >> 8; // bit j: text[q + j .. q + j + 16) are all run chars
            var flags = longRun & 0xFFFF;
            for (var rare = AsciiMasks.EqualAny(text, q, '%', '\\', 'U'); rare != 0; rare &= rare - 1)
            {
                var p = q + BitOperations.TrailingZeroCount(rare);
                if (text[p] == '%' || (text[p] == '\\' ? text[p + 1] is 'u' or 'U' or '\\' : text[p + 1] == '+'))
                {
                    flags |= 1u << (p - q);
                    break;
                }
            }

            if (flags != 0)
            {
                return RunStart(text, from, q + BitOperations.TrailingZeroCount(flags));
            }

            q += 16;
            if (q + 32 > text.Length)
            {
                return RunStart(text, from, q);
            }

            run = (run >> 16) | (AsciiMasks.RunChars(text, q + 16) << 16);
        }
    }

    /// <summary>The start of the run holding <paramref name="at"/> (or <paramref name="at"/>), not before <paramref name="from"/>.</summary>
    private static int RunStart(ReadOnlySpan<char> text, int from, int at)
    {
        while (at > from && IsRunChar(text[at - 1]))
        {
            at--;
        }

        return at;
    }
}
