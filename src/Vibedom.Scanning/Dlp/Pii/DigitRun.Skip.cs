using System.Numerics;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Dlp.Pii;

internal readonly partial record struct DigitRun
{
    /// <summary>
    /// From <paramref name="from"/> (not inside a run: the text's start or a previous run's end), the first position
    /// where a run of <see cref="MinimumDigits"/> digits may start: the first of 8 chars in a row that are digits or a
    /// single space or dash between two digits (any such run spans at least that). Everything before holds only
    /// shorter runs, which <see cref="All"/> drops. 16 chars a step (<see cref="AsciiMasks"/>); the last 31 chars are
    /// left to the char-by-char walk.
    /// </summary>
    private static int SkipShort(string text, int from)
    {
        var q = from;
        if (q + 32 > text.Length)
        {
            return from;
        }

        var digits = AsciiMasks.Digits(text, q) | (AsciiMasks.Digits(text, q + 16) << 16); // bit j: text[q + j]
        var joins = AsciiMasks.EqualAny(text, q, ' ', '-', '-') | (AsciiMasks.EqualAny(text, q + 16, ' ', '-', '-') << 16);
        var before = q > 0 && char.IsAsciiDigit(text[q - 1]) ? 1u : 0u; // the digit bit of text[q - 1]
        while (true)
        {
            var inRun = digits | (joins & ((digits << 1) | before) & (digits >> 1));
            var eight = inRun & (inRun >> 1);
            eight &= eight >> 2;
            eight &= eight >> 4; // bit j: text[q + j .. q + j + 8) are all in a run
            if ((eight & 0xFFFF) != 0)
            {
                return q + BitOperations.TrailingZeroCount(eight);
            }

            before = (digits >> 15) & 1;
            q += 16;
            if (q + 32 > text.Length)
            {
                // back to a char no run continues from (the walk then reads any run that crosses q whole)
                while (q > from && (char.IsAsciiDigit(text[q - 1]) || text[q - 1] is ' ' or '-'))
                {
                    q--;
                }

                return q;
            }

            digits = (digits >> 16) | (AsciiMasks.Digits(text, q + 16) << 16);
            joins = (joins >> 16) | (AsciiMasks.EqualAny(text, q + 16, ' ', '-', '-') << 16);
        }
    }
}
