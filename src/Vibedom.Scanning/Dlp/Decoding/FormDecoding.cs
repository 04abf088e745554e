using System.Buffers;

namespace Vibedom.Scanning.Dlp.Decoding;

/// <summary>
/// <c>application/x-www-form-urlencoded</c> as a receiver reads it: <c>+</c> is a space, <c>%XX</c> a byte. What
/// Python's <c>urlencode</c>, <c>requests(data=…)</c>, <c>curl --data-urlencode</c> and every HTML form send: a PEM
/// block as <c>-----BEGIN+OPENSSH+PRIVATE+KEY-----%0A…</c>, a card as <c>4111+1111+…</c>, an address as
/// <c>jane%40example.org</c>. In a body (bytes as Latin-1 chars) every <c>%XX</c> is its byte; in a text (a header,
/// a URL part) only an ASCII one is (a multi-byte character stays encoded).
/// </summary>
internal static class FormDecoding
{
    private static readonly SearchValues<char> Marks = SearchValues.Create("+%");

    /// <summary>
    /// Whether <paramref name="text"/> holds a <c>%XX</c> or a <c>+</c> glued to what precedes it (<c>a+b</c>, not the
    /// <c>a + b</c> of prose or code): what a form-encoded value looks like.
    /// </summary>
    public static bool Worth(ReadOnlySpan<char> text)
    {
        for (var at = text.IndexOfAny(Marks); at >= 0; at = Next(text, at))
        {
            if (text[at] == '%' ? Byte(text, at) >= 0 : at > 0 && !char.IsWhiteSpace(text[at - 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="source"/> form-decoded; null when it has nothing to decode.</summary>
    public static DecodedText? Decode(string source, bool bytes, DecodedText? from = null)
    {
        var builder = new DecodedTextBuilder(source);
        for (var i = source.AsSpan().IndexOfAny(Marks); i >= 0; i = Next(source, i))
        {
            if (source[i] == '+')
            {
                builder.Replace(i, 1, [' ']);
            }
            else if (Byte(source, i) is var b and >= 0 && (bytes || b < 0x80))
            {
                builder.Replace(i, 3, [(char)b]);
            }
        }

        return builder.Build(from);
    }

    /// <summary>The byte of <c>%XX</c> at <paramref name="at"/>; -1 when it is not one.</summary>
    private static int Byte(ReadOnlySpan<char> text, int at) =>
        at + 2 < text.Length && char.IsAsciiHexDigit(text[at + 1]) && char.IsAsciiHexDigit(text[at + 2])
            ? (Hex(text[at + 1]) << 4) | Hex(text[at + 2])
            : -1;

    private static int Hex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static int Next(ReadOnlySpan<char> text, int at)
    {
        var next = text[(at + 1)..].IndexOfAny(Marks);
        return next < 0 ? -1 : at + 1 + next;
    }
}
