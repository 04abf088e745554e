using System.Numerics;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Dlp.Pii;

internal sealed partial class PrivateIpv4Detector
{
    /// <summary>
    /// From <paramref name="from"/>, the first dot that can be a private address's first dot: after a <c>0</c> or a
    /// <c>2</c> (the last digit of 10, 172 and 192) and before a digit; -1 when there is none. Every other dot is one
    /// <see cref="HostAt"/> rejects (no first octet before it, a first octet that is not private, no second octet), and
    /// prose and code are full of them (<c>Program.cs</c>, <c>3.41</c>, the end of a sentence). 16 chars a step
    /// (<see cref="AsciiMasks"/>) from each dot a vectorised search finds, the last 17 chars one by one.
    /// </summary>
    internal static int NextCandidate(string text, int from)
    {
        var q = Math.Max(from, 1);
        while (q + 17 <= text.Length)
        {
            // to the next dot first (one vectorised search: most text has few dots), then 16 chars a step among dots
            var dot = text.AsSpan(q).IndexOf('.');
            if (dot < 0)
            {
                return -1;
            }

            q += dot;
            if (q + 17 > text.Length)
            {
                break;
            }

            var candidates = AsciiMasks.Equal(text, q, '.') & AsciiMasks.EqualAny(text, q - 1, '0', '2', '2') & AsciiMasks.Digits(text, q + 1);
            if (candidates != 0)
            {
                return q + BitOperations.TrailingZeroCount(candidates);
            }

            q += 16;
        }

        for (; q + 1 < text.Length; q++)
        {
            if (text[q] == '.' && text[q - 1] is '0' or '2' && char.IsAsciiDigit(text[q + 1]))
            {
                return q;
            }
        }

        return -1;
    }
}
