using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// Whether a body may hold the start of a PEM block (<see cref="BodyScrubber"/>'s one-scan path leaves such a body to
/// the streaming one): five dashes, or a dash written <c>\u002d</c> or <c>%2d</c> (either case). One vectorised pass
/// for the pairs every one of them holds (<c>--</c>, <c>2d</c>, <c>2D</c>), each pair checked where it is, instead
/// of a search per form.
/// </summary>
internal static class PemBeginScan
{
    private const int Width = 16;

    public static bool MayHold(ReadOnlySpan<byte> body)
    {
        var at = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(body);
            for (; at + Width < body.Length; at += Width)
            {
                var here = Vector128.LoadUnsafe(ref first, (nuint)at);
                var next = Vector128.LoadUnsafe(ref first, (nuint)(at + 1));
                var dashes = Vector128.Equals(here, Vector128.Create((byte)'-')) & Vector128.Equals(next, Vector128.Create((byte)'-'));
                var twoD = Vector128.Equals(here, Vector128.Create((byte)'2')) & Vector128.Equals(next | Vector128.Create((byte)0x20), Vector128.Create((byte)'d'));
                for (var pairs = (dashes | twoD).ExtractMostSignificantBits(); pairs != 0; pairs &= pairs - 1)
                {
                    if (At(body, at + System.Numerics.BitOperations.TrailingZeroCount(pairs)))
                    {
                        return true;
                    }
                }
            }
        }

        for (; at + 1 < body.Length; at++)
        {
            if (At(body, at))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A form starts at, or ends just after, the pair at <paramref name="at"/> (<c>--</c>, or <c>2d</c> in either case).</summary>
    private static bool At(ReadOnlySpan<byte> body, int at) => body[at] switch
    {
        (byte)'-' => body[at..].StartsWith("-----"u8),
        (byte)'2' when (body[at + 1] | 0x20) == 'd' =>
            (at >= 1 && body[at - 1] == '%') || (at >= 2 && body[at - 2] == '0' && body[at - 1] == '0'),
        _ => false,
    };
}
