using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// Which of a set of long ASCII keywords occur in a text, ASCII letters in either case, as <see cref="KeywordMatcher"/>
/// tells it, reading one 8-char window every 8 chars instead of every char: a keyword of at least
/// <see cref="MinLength"/> chars, wherever it starts, holds whole the window that starts at the next multiple of 8
/// (at most 7 chars in, ending at most 15 chars in). So each keyword's windows at offsets 0-7 are indexed, each
/// window of the text is looked up (a bit of a 64 Kibit filter, then the index), and a hit is checked char by char
/// at the offset it names. What a workspace's exact values and their encoded needles (16-32 random chars each) cost:
/// one lookup per 8 chars, against the vectorised multi-string search whose fingerprints hex and base64 text hit.
/// A char outside ASCII is in no window of a keyword (as in the automaton, whose ASCII keywords it breaks).
/// </summary>
internal sealed class LongKeywordGate
{
    private const int Window = 8;

    /// <summary>The shortest keyword the gate takes: any occurrence holds an aligned window.</summary>
    public const int MinLength = (2 * Window) - 1;

    private const int FilterBits = 16;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    private readonly Dictionary<ulong, (int Keyword, int Offset)[]> _windows = [];
    private readonly string[] _keywords;

    private LongKeywordGate(IReadOnlyList<string> keywords)
    {
        _keywords = [.. keywords.Select(k => string.Create(k.Length, k, (span, s) => { for (var i = 0; i < s.Length; i++) { span[i] = (char)Fold(s[i]); } }))];
        var windows = new Dictionary<ulong, List<(int, int)>>();
        for (var k = 0; k < _keywords.Length; k++)
        {
            for (var offset = 0; offset < Window; offset++)
            {
                var key = PackScalar(_keywords[k], offset);
                if (!windows.TryGetValue(key, out var entries))
                {
                    windows[key] = entries = [];
                }

                entries.Add((k, offset));
                var bit = Hash(key);
                _filter[bit >> 6] |= 1UL << (int)bit;
            }
        }

        foreach (var (key, entries) in windows)
        {
            _windows[key] = [.. entries];
        }
    }

    /// <summary>A gate for <paramref name="keywords"/> when every one is ASCII and at least <see cref="MinLength"/> chars; else null.</summary>
    public static LongKeywordGate? TryCreate(IReadOnlyList<string> keywords) =>
        keywords.Count > 0 && keywords.All(k => k.Length >= MinLength && System.Text.Ascii.IsValid(k)) ? new LongKeywordGate(keywords) : null;

    /// <summary>Marks in <paramref name="found"/> every keyword that occurs in <paramref name="text"/>.</summary>
    public void FindAll(ReadOnlySpan<char> text, bool[] found)
    {
        var filter = _filter;
        for (var at = 0; at + Window <= text.Length; at += Window)
        {
            var key = Pack(text, at);
            var bit = Hash(key);
            if ((filter[bit >> 6] & (1UL << (int)bit)) != 0 && _windows.TryGetValue(key, out var entries))
            {
                foreach (var (k, offset) in entries)
                {
                    found[k] |= at >= offset && StartsWith(text[(at - offset)..], _keywords[k]);
                }
            }
        }
    }

    private static bool StartsWith(ReadOnlySpan<char> text, string keyword)
    {
        if (text.Length < keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < keyword.Length; i++)
        {
            if (Fold(text[i]) != keyword[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An ASCII char lowered; any other char is 0x80 (equal to no char of a keyword).</summary>
    private static int Fold(char c) => c >= 0x80 ? 0x80 : c is >= 'A' and <= 'Z' ? c | 0x20 : c;

    private static uint Hash(ulong key) => (uint)((key * 0x9E3779B97F4A7C15UL) >> (64 - FilterBits));

    /// <summary>The 8 chars at <paramref name="at"/>, folded, one byte each (the first in the low byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(ReadOnlySpan<char> text, int at)
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            return PackScalar(text, at);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)at, (uint)(text.Length - Window), nameof(at));
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        // saturated: a char above 0x7F reads as a byte that is no ASCII char, so the window equals no keyword's
        var wide = Vector128.LoadUnsafe(ref first, (nuint)at).AsInt16();
        Vector128<byte> bytes;
        if (Sse2.IsSupported)
        {
            bytes = Sse2.PackUnsignedSaturate(wide, wide);
        }
        else
        {
            var clamped = Vector128.Min(wide.AsUInt16(), Vector128.Create((ushort)0x80));
            bytes = Vector128.Narrow(clamped, clamped);
        }

        var upper = Vector128.LessThan(bytes - Vector128.Create((byte)'A'), Vector128.Create((byte)26));
        return (bytes | (upper & Vector128.Create((byte)0x20))).AsUInt64().ToScalar();
    }

    private static ulong PackScalar(ReadOnlySpan<char> text, int at)
    {
        var key = 0UL;
        for (var i = Window - 1; i >= 0; i--)
        {
            key = (key << 8) | (uint)Fold(text[at + i]);
        }

        return key;
    }
}
