using System.Numerics;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Dlp.Pii;

internal sealed partial class IbanDetector
{
    /// <summary>
    /// From <paramref name="d"/> (3 or more, not inside a run of letters and digits), the first position that can be
    /// a candidate's third char: a digit followed by a digit, after two letters that start a run of letters and digits
    /// (what <see cref="At"/> asks of a candidate, in either case). Every run before it would be checked and rejected.
    /// 16 chars a step (<see cref="AsciiMasks"/>); the last 31 chars are left to the walk.
    /// </summary>
    internal static int SkipToCandidate(string text, int d)
    {
        if (d < 3)
        {
            return d;
        }

        var b = d - 3; // bit j: text[b + j]; bits 3..18 are decided each step (a candidate reads j - 3 .. j + 1)
        if (b + 32 > text.Length)
        {
            return d;
        }

        var digits = AsciiMasks.Digits(text, b) | (AsciiMasks.Digits(text, b + 16) << 16);
        var letters = AsciiMasks.Letters(text, b) | (AsciiMasks.Letters(text, b + 16) << 16);
        while (true)
        {
            var third = digits & (digits >> 1) & (letters << 1) & (letters << 2) & ~((letters | digits) << 3) & 0x7FFF8u;
            if (third != 0)
            {
                return b + BitOperations.TrailingZeroCount(third);
            }

            b += 16;
            if (b + 32 > text.Length)
            {
                return b + 3;
            }

            digits = (digits >> 16) | (AsciiMasks.Digits(text, b + 16) << 16);
            letters = (letters >> 16) | (AsciiMasks.Letters(text, b + 16) << 16);
        }
    }
}
