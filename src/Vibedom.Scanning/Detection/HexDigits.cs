namespace Vibedom.Scanning.Detection;

/// <summary>ASCII hex digits, either case: the one reader of the decoders' <c>%XX</c>, <c>\uXXXX</c> and hex runs.</summary>
internal static class HexDigits
{
    /// <summary>The value of one hex digit; -1 when <paramref name="c"/> is not one.</summary>
    public static int Value(char c) => char.IsAsciiHexDigit(c) ? (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10) : -1;

    /// <summary>The value of <paramref name="count"/> (at most 7) hex digits at <paramref name="at"/>; -1 when there are not.</summary>
    public static int Parse(ReadOnlySpan<char> text, int at, int count)
    {
        if (at < 0 || at + count > text.Length)
        {
            return -1;
        }

        var v = 0;
        foreach (var c in text.Slice(at, count))
        {
            var digit = Value(c);
            if (digit < 0)
            {
                return -1;
            }

            v = (v << 4) | digit;
        }

        return v;
    }
}
