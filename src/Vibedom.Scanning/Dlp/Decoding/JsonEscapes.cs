using System.Buffers;
using System.Text;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Dlp.Decoding;

/// <summary>
/// JSON string escapes (RFC 8259 §7): <c>\/ \" \\ \b \f \n \r \t</c> and <c>\uXXXX</c> (a surrogate pair as one code
/// point). A value written <c>https:\/\/hooks.slack.com\/…</c> (PHP's json_encode), <c>jane\u0040example.org</c> or
/// with a quote escaped is matched as the receiver reads it. Other backslashes are left as they are. In a body (bytes
/// as Latin-1 chars) a code point is written as its UTF-8 bytes, the form the body's values are matched in.
/// </summary>
internal static class JsonEscapes
{
    private static readonly SearchValues<char> Space = SearchValues.Create(" \t\r\n");

    /// <summary>What must occur for a token to be decoded: a chat body's many <c>\n</c> and <c>\"</c> are skipped in one vectorised search.</summary>
    private static readonly SearchValues<string> Hiding = SearchValues.Create(["\\u", "\\/"], StringComparison.Ordinal);

    /// <summary>
    /// JSON's short escapes, the one table of them: a char of <see cref="ShortEscaped"/> is written as a backslash and
    /// the letter at its index here. The decoded pass reads them (<see cref="Unescaped"/>), a workspace value's escaped
    /// forms write them (<see cref="JsonEscapedForms"/>) and the engine asks whether a value holds one
    /// (<see cref="DlpEngine"/>). <c>\/</c> is read too but never written (a writer need not escape '/').
    /// </summary>
    private const string ShortLetters = "\"\\bfnrt";

    private const string ShortEscapedChars = "\"\\\b\f\n\r\t";

    /// <summary>The chars JSON writes with a short escape: a quote, a backslash and five control chars.</summary>
    public static ReadOnlySpan<char> ShortEscaped => ShortEscapedChars;

    /// <summary>The letter after the backslash of <paramref name="c"/>'s short escape; '\0' when it has none.</summary>
    public static char ShortEscapeOf(char c) => ShortEscapedChars.IndexOf(c) is var k and >= 0 ? ShortLetters[k] : '\0';

    /// <summary>The char a short escape's letter stands for (<c>\/</c> too); '\0' for any other letter.</summary>
    private static char Unescaped(char letter) =>
        letter == '/' ? '/' : ShortLetters.IndexOf(letter) is var k and >= 0 ? ShortEscapedChars[k] : '\0';

    /// <summary>
    /// The fewest chars read on each side of a token with an escape: the key name and operator a rule may need
    /// (<c>"aws_secret": "…</c>) before it, and the rest of a value with spaces after it (a card written
    /// <c>4111 \u0031111 1111 1111</c>).
    /// </summary>
    public const int Context = 80;

    /// <summary>
    /// <paramref name="source"/> with its escapes decoded in the tokens (runs without whitespace) that hold a <c>\/</c>
    /// or a <c>\uXXXX</c> (they can hide any value), each with <paramref name="context"/> chars on each side; with
    /// <paramref name="nested"/> (a workspace value holds a quote, a backslash or a control char) also those that hold
    /// one escaped once more (<c>\\u0022</c>, <c>\\/</c>: JSON in a JSON string), so the next pass decodes it. A JSON
    /// chat body's <c>\n</c> and <c>\"</c> alone change no value a rule or a PII detector finds (they decode to
    /// separators), and a workspace value written with them is matched in its escaped forms (<see cref="JsonEscapedForms"/>).
    /// Null when there is nothing to decode.
    /// </summary>
    public static DecodedText? Decode(string source, bool bytes, int context = Context, bool nested = false, DecodedText? from = null)
    {
        if (source.AsSpan().IndexOfAny(Hiding) < 0)
        {
            return null; // no escape the loop below would decode (an escaped one holds the pair too)
        }

        var regions = new DecodedRegions();
        for (var i = source.IndexOf('\\'); i >= 0 && i + 1 < source.Length; i = Next(source, i))
        {
            if (Hides(source, i + 1) || (nested && source[i + 1] == '\\' && Hides(source, i + 2)))
            {
                var start = source.AsSpan(0, i).LastIndexOfAny(Space) + 1;
                var end = source.AsSpan(i).IndexOfAny(Space);
                end = end < 0 ? source.Length : i + end;
                regions.Add(Math.Max(0, start - context), (int)Math.Min(source.Length, (long)end + context));
                i = end - 1; // the search goes on after the token
            }
        }

        return regions.Build(source, from, (builder, start, end) => DecodeRegion(builder, source, start, end, bytes));
    }

    private static void DecodeRegion(DecodedTextBuilder builder, string source, int from, int to, bool bytes)
    {
        Span<char> utf8 = stackalloc char[4];
        for (var i = source.IndexOf('\\', from, to - from); i >= 0 && i + 1 < to; i = i < to ? source.IndexOf('\\', i, to - i) : -1)
        {
            var c = source[i + 1];
            if (c == 'u' && i + 6 <= to && HexDigits.Parse(source, i + 2, 4) is var v and >= 0)
            {
                var length = 6;
                if (char.IsHighSurrogate((char)v) && i + 12 <= to && source[i + 6] == '\\' && source[i + 7] == 'u'
                    && HexDigits.Parse(source, i + 8, 4) is var low and >= 0 && char.IsLowSurrogate((char)low))
                {
                    v = char.ConvertToUtf32((char)v, (char)low);
                    length = 12;
                }

                builder.Replace(i, length, CodePoint(v, bytes, utf8));
                i += length;
                continue;
            }

            var decoded = Unescaped(c);
            if (decoded != '\0')
            {
                builder.Replace(i, 2, [decoded]);
            }

            i += 2;
        }
    }

    /// <summary>A code point as chars (text) or as its UTF-8 bytes in Latin-1 chars (a body); a lone surrogate is U+FFFD.</summary>
    private static ReadOnlySpan<char> CodePoint(int v, bool bytes, Span<char> buffer)
    {
        var rune = Rune.IsValid(v) ? new Rune(v) : Rune.ReplacementChar;
        if (!bytes)
        {
            return buffer[..rune.EncodeToUtf16(buffer)];
        }

        Span<byte> utf8 = stackalloc byte[4];
        var n = rune.EncodeToUtf8(utf8);
        for (var k = 0; k < n; k++)
        {
            buffer[k] = (char)utf8[k];
        }

        return buffer[..n];
    }

    /// <summary>Whether an escape whose char after the backslash is at <paramref name="at"/> can hide a value: <c>\uXXXX</c> or <c>\/</c>.</summary>
    private static bool Hides(string text, int at) =>
        at < text.Length && (text[at] == '/' || (text[at] == 'u' && HexDigits.Parse(text, at + 1, 4) >= 0));

    /// <summary>The next backslash after the one at <paramref name="at"/> and the char it escapes (an escaped backslash never starts an escape).</summary>
    private static int Next(string text, int at) => at + 2 < text.Length ? text.IndexOf('\\', at + 2) : -1;
}
