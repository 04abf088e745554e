using System.Buffers;
using System.Text;

namespace Vibedom.Scanning.Dlp.Decoding;

/// <summary>
/// JSON string escapes (RFC 8259 §7): <c>\/ \" \\ \b \f \n \r \t</c> and <c>\uXXXX</c> (a surrogate pair as one code
/// point). A value written <c>https:\/\/hooks.slack.com\/…</c> (PHP's json_encode), <c>jane\u0040example.org</c> or
/// with a quote escaped is matched as the receiver reads it. Other backslashes are left as they are. In a body (bytes
/// as Latin-1 chars) a code point is written as its UTF-8 bytes, the form the body's values are matched in.
/// </summary>
internal static class JsonEscapes
{
    private static readonly SearchValues<char> Short = SearchValues.Create("\"\\/bfnrt");

    /// <summary>
    /// Whether <paramref name="text"/> holds an escape worth a decoded pass: <c>\/</c> or <c>\uXXXX</c> (they can hide
    /// any value), or with <paramref name="anyShort"/> any short escape. A JSON chat body's <c>\n</c> and <c>\"</c>
    /// alone change no value the rules or the PII detectors find (they decode to a separator); the engine passes
    /// <paramref name="anyShort"/> when a workspace value holds such a char.
    /// </summary>
    public static bool Worth(ReadOnlySpan<char> text, bool anyShort)
    {
        if (text.IndexOf("\\/", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        for (var at = text.IndexOf("\\u", StringComparison.Ordinal); at >= 0; at = Next(text, at, "\\u"))
        {
            if (Hex4(text, at + 2) >= 0)
            {
                return true;
            }
        }

        if (anyShort)
        {
            for (var at = text.IndexOf('\\'); at >= 0 && at + 1 < text.Length; at = Next(text, at, "\\"))
            {
                if (Short.Contains(text[at + 1]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><paramref name="source"/> with its escapes decoded (a pair <c>\\</c> is one backslash, never the start of another escape); null when it has none.</summary>
    public static DecodedText? Decode(string source, bool bytes, DecodedText? from = null)
    {
        var builder = new DecodedTextBuilder(source);
        Span<char> utf8 = stackalloc char[4];
        for (var i = source.IndexOf('\\'); i >= 0 && i + 1 < source.Length; i = source.IndexOf('\\', i))
        {
            var c = source[i + 1];
            if (c == 'u' && Hex4(source, i + 2) is var v and >= 0)
            {
                var length = 6;
                if (char.IsHighSurrogate((char)v) && i + 12 <= source.Length && source[i + 6] == '\\' && source[i + 7] == 'u'
                    && Hex4(source, i + 8) is var low and >= 0 && char.IsLowSurrogate((char)low))
                {
                    v = char.ConvertToUtf32((char)v, (char)low);
                    length = 12;
                }

                builder.Replace(i, length, CodePoint(v, bytes, utf8));
                i += length;
                continue;
            }

            var decoded = c switch
            {
                '"' or '\\' or '/' => c,
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => '\0',
            };
            if (decoded != '\0')
            {
                builder.Replace(i, 2, [decoded]);
            }

            i += 2;
        }

        return builder.Build(from);
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

    /// <summary>The value of 4 hex digits at <paramref name="at"/>; -1 when there are not.</summary>
    private static int Hex4(ReadOnlySpan<char> text, int at)
    {
        if (at + 4 > text.Length)
        {
            return -1;
        }

        var v = 0;
        foreach (var c in text.Slice(at, 4))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return -1;
            }

            v = (v << 4) | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }

        return v;
    }

    private static int Next(ReadOnlySpan<char> text, int at, string what)
    {
        var next = text[(at + 1)..].IndexOf(what, StringComparison.Ordinal);
        return next < 0 ? -1 : at + 1 + next;
    }
}
