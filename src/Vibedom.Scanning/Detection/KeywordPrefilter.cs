using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// Which keywords occur in a text, as <see cref="KeywordMatcher"/>'s automaton tells it (ASCII letters in either case,
/// no keyword across a char outside ASCII), without reading every char through the automaton: a vectorised filter
/// of the keywords' first three chars (Teddy's nibble tables: 16 positions a step, each keyword in one of 7 buckets,
/// the two-char keywords in an eighth that ignores the third char) passes a superset of the positions where a keyword
/// starts; each passed position is checked exactly: its three chars' low five bits against a 32 Kibit set of the
/// keywords' (a letter's two cases share them), then the keywords that start with those chars, char by char.
/// The filter is only ever wider than the truth (a false pass costs a check, never a hit), so the hits are the
/// automaton's. On the chat body of a model request about one position in eight passes the filter and well under one
/// in a hundred the set, against one table read per char in the automaton.
/// </summary>
internal sealed partial class KeywordPrefilter
{
    private const int PairBucket = 0x80;
    private const int TripleBits = 15;

    /// <summary>Passed positions allowed beyond a quarter of those read before the automaton takes over.</summary>
    private const int DenseFrom = 64;
    private readonly ulong[] _triples = new ulong[(1 << TripleBits) / 64];
    private readonly Dictionary<int, int[]> _byTriple = [];
    private readonly int[] _pairs;
    private readonly string[] _keywords;
    private readonly Vector128<byte> _lo0, _hi0, _lo1, _hi1, _lo2, _hi2;

    /// <summary>
    /// A prefilter for <paramref name="keywords"/> when the vector instructions it needs run in hardware and every
    /// keyword is ASCII, at least two chars and without an upper-case letter (keywords are lowered when rules load;
    /// the automaton never matches an upper-case keyword char); else null, and the automaton reads every char.
    /// </summary>
    public static KeywordPrefilter? TryCreate(IReadOnlyList<string> keywords) =>
        Ssse3.IsSupported && keywords.Count > 0 && keywords.All(k => k.Length >= 2 && System.Text.Ascii.IsValid(k) && !k.Any(char.IsAsciiLetterUpper))
            ? new KeywordPrefilter(keywords)
            : null;

    /// <summary>
    /// Marks in <paramref name="found"/> every keyword that starts before the returned position; the caller runs the
    /// automaton from there (the text's length when the filter read it all). The filter stops where more than a
    /// quarter of the positions so far passed it: a text made to pass everywhere (<c>xoxoxo</c>, near misses of
    /// keywords that share their first chars) would cost up to ten times the automaton, which costs the same on any text.
    /// </summary>
    public int FindAll(ReadOnlySpan<char> text, bool[] found)
    {
        var at = 0;
        var passed = 0;
        if (text.Length >= 32)
        {
            ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            var low = Vector128.Create((byte)0x0F);
            var notPair = Vector128.Create((byte)(PairBucket - 1));
            (Vector128<byte> lo0, Vector128<byte> hi0, Vector128<byte> lo1) = (_lo0, _hi0, _lo1);
            (Vector128<byte> hi1, Vector128<byte> lo2, Vector128<byte> hi2) = (_hi1, _lo2, _hi2);
            var current = Load(ref first, 0);
            for (; at + 32 <= text.Length; at += 16)
            {
                var next = Load(ref first, at + 16);
                var second = Ssse3.AlignRight(next, current, 1);
                var third = Ssse3.AlignRight(next, current, 2);
                var buckets = Lookup(current, lo0, hi0, low) & Lookup(second, lo1, hi1, low) & Lookup(third, lo2, hi2, low);
                current = next;
                if (buckets == Vector128<byte>.Zero)
                {
                    continue;
                }

                var triples = ~Vector128.Equals(buckets & notPair, Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFF;
                for (var rest = triples; rest != 0; rest &= rest - 1)
                {
                    CheckTriple(text, at + BitOperations.TrailingZeroCount(rest), found);
                }

                var pairs = buckets.ExtractMostSignificantBits();
                for (var rest = pairs; rest != 0; rest &= rest - 1)
                {
                    CheckPairs(text, at + BitOperations.TrailingZeroCount(rest), found);
                }

                passed += BitOperations.PopCount(triples) + BitOperations.PopCount(pairs);
                if (passed > (at >> 2) + DenseFrom)
                {
                    return at + 16;
                }
            }
        }

        for (; at + 2 <= text.Length; at++)
        {
            CheckPairs(text, at, found);
            if (at + 3 <= text.Length)
            {
                CheckTriple(text, at, found);
            }
        }

        return text.Length;
    }

    /// <summary>16 chars as bytes, saturated: a char above 0xFF reads as 0xFF or (from U+8000) 0x00, in no keyword's bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load(ref ushort first, int at) =>
        Sse2.PackUnsignedSaturate(Vector128.LoadUnsafe(ref first, (nuint)at).AsInt16(), Vector128.LoadUnsafe(ref first, (nuint)at + 8).AsInt16());

    /// <summary>The buckets whose keywords may hold each byte of <paramref name="bytes"/> at one position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lookup(Vector128<byte> bytes, Vector128<byte> lo, Vector128<byte> hi, Vector128<byte> low) =>
        Ssse3.Shuffle(lo, bytes & low) & Ssse3.Shuffle(hi, Vector128.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & low);

    /// <summary>Three chars' low five bits, the first highest: equal for a keyword's start and any text it occurs in.</summary>
    private static int TripleKey(char a, char b, char c) => ((a & 0x1F) << 10) | ((b & 0x1F) << 5) | (c & 0x1F);

    private void CheckTriple(ReadOnlySpan<char> text, int at, bool[] found)
    {
        var key = TripleKey(text[at], text[at + 1], text[at + 2]);
        if ((_triples[key >> 6] & (1UL << key)) == 0 || !_byTriple.TryGetValue(key, out var ids))
        {
            return;
        }

        foreach (var k in ids)
        {
            found[k] = found[k] || StartsWith(text[at..], _keywords[k]); // a keyword found once is not compared again
        }
    }

    private void CheckPairs(ReadOnlySpan<char> text, int at, bool[] found)
    {
        foreach (var k in _pairs)
        {
            found[k] = found[k] || StartsWith(text[at..], _keywords[k]);
        }
    }

    /// <summary>The automaton's equality: a text char equals a keyword char when it is that char or, for a letter, its upper case.</summary>
    private static bool StartsWith(ReadOnlySpan<char> text, string keyword)
    {
        if (text.Length < keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < keyword.Length; i++)
        {
            var c = text[i];
            if ((c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c) != keyword[i])
            {
                return false;
            }
        }

        return true;
    }
}
