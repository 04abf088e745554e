using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// Classes of 16 chars at a time as bit masks (bit <c>j</c>: <c>text[at + j]</c>), vectorised: the body scans use them
/// to step over text that cannot hold what they look for, 16 chars a step, instead of reading it char by char. Only
/// ASCII chars are in a class (any other char, whatever its low byte, is in none). The caller guarantees
/// <c>at + 16 &lt;= text.Length</c>.
/// </summary>
internal static class AsciiMasks
{
    public const int Width = 16;

    /// <summary><c>0-9</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Digits(ReadOnlySpan<char> text, int at)
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            return Scalar(text, at, char.IsAsciiDigit);
        }

        var v = Bytes(text, at);
        return Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10)).ExtractMostSignificantBits();
    }

    /// <summary><c>A-Z</c> and <c>a-z</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Letters(ReadOnlySpan<char> text, int at)
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            return Scalar(text, at, char.IsAsciiLetter);
        }

        var v = Bytes(text, at);
        return IsLetter(v).ExtractMostSignificantBits();
    }

    /// <summary>The chars of gitleaks' base64 run, <c>[\w/+-]</c>: letters, digits, <c>_ / + -</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RunChars(ReadOnlySpan<char> text, int at)
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            return Scalar(text, at, c => char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '+' or '-');
        }

        var v = Bytes(text, at);
        var digit = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
        var symbol = Vector128.Equals(v, Vector128.Create((byte)'_')) | Vector128.Equals(v, Vector128.Create((byte)'/'))
            | Vector128.Equals(v, Vector128.Create((byte)'+')) | Vector128.Equals(v, Vector128.Create((byte)'-'));
        return (IsLetter(v) | digit | symbol).ExtractMostSignificantBits();
    }

    /// <summary>Each char equal to <paramref name="c"/> (ASCII).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Equal(ReadOnlySpan<char> text, int at, char c)
    {
        return Vector128.IsHardwareAccelerated
            ? Vector128.Equals(Bytes(text, at), Vector128.Create((byte)c)).ExtractMostSignificantBits()
            : EqualScalar(text, at, c);
    }

    /// <summary>Each char equal to <paramref name="a"/>, <paramref name="b"/> or <paramref name="c"/> (ASCII).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint EqualAny(ReadOnlySpan<char> text, int at, char a, char b, char c)
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            return EqualAnyScalar(text, at, a, b, c);
        }

        var v = Bytes(text, at);
        return (Vector128.Equals(v, Vector128.Create((byte)a)) | Vector128.Equals(v, Vector128.Create((byte)b))
            | Vector128.Equals(v, Vector128.Create((byte)c))).ExtractMostSignificantBits();
    }

    // the scalar paths capture their arguments in a closure: kept out of the vectorised methods, which allocate nothing
    private static uint EqualScalar(ReadOnlySpan<char> text, int at, char c) => Scalar(text, at, x => x == c);

    private static uint EqualAnyScalar(ReadOnlySpan<char> text, int at, char a, char b, char c) => Scalar(text, at, x => x == a || x == b || x == c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> IsLetter(Vector128<byte> v) =>
        Vector128.LessThan((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)26));

    /// <summary>
    /// 16 chars as bytes; a char above 0x7F reads as a byte that is no ASCII char but NUL (0x80-0xFF as itself, a wider
    /// char as 0xFF or, from U+8000, 0x00), never as its low byte: no class holds it, and no caller looks for NUL.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Bytes(ReadOnlySpan<char> text, int at)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)at, (uint)(text.Length - Width), nameof(at));
        if (Sse2.IsSupported)
        {
            // one saturating pack (signed words to unsigned bytes) instead of clamping both halves and narrowing
            ref var signed = ref Unsafe.As<char, short>(ref MemoryMarshal.GetReference(text));
            return Sse2.PackUnsignedSaturate(Vector128.LoadUnsafe(ref signed, (nuint)at), Vector128.LoadUnsafe(ref signed, (nuint)(at + 8)));
        }

        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var top = Vector128.Create((ushort)0x80);
        var low = Vector128.Min(Vector128.LoadUnsafe(ref first, (nuint)at), top);
        var high = Vector128.Min(Vector128.LoadUnsafe(ref first, (nuint)(at + 8)), top);
        return Vector128.Narrow(low, high);
    }

    private static uint Scalar(ReadOnlySpan<char> text, int at, Func<char, bool> inClass)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)at, (uint)(text.Length - Width), nameof(at));
        var mask = 0u;
        for (var j = 0; j < Width; j++)
        {
            mask |= inClass(text[at + j]) ? 1u << j : 0;
        }

        return mask;
    }
}
