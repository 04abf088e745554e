using System.Globalization;
using System.Text;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Detection;

/// <summary>The four decoders, byte for byte as gitleaks' codec package (printable ASCII results only).</summary>
internal sealed partial class Decoder
{
    private const string StdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // fixed patterns, built by DecoderTests: not parsed a second time at start-up
    private static readonly Re2Regex UnicodeMultiCodePoint = new(@"(?:U\+[a-fA-F0-9]{4}(?:\s|$))+", validate: false);
    private static readonly Re2Regex UnicodeMultiEscape = new(@"(?i)(?:\\{1,2}u[a-fA-F0-9]{4})+", validate: false);

    /// <summary>The decoder's fixed patterns (built unchecked at start-up; the tests build each).</summary>
    internal static IReadOnlyList<Re2Regex> Patterns => [UnicodeMultiCodePoint, UnicodeMultiEscape];

    private static bool Printable(int b) => b > 0x08 && b < 0x7f;

    internal static string DecodePercent(string value)
    {
        var sb = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '%' && i + 2 < value.Length)
            {
                var n1 = HexDigits.Value(value[i + 1]);
                var n2 = HexDigits.Value(value[i + 2]);
                if (n1 >= 0 && n2 >= 0)
                {
                    var b = (n1 << 4) | n2;
                    if (!Printable(b))
                    {
                        return string.Empty;
                    }

                    sb.Append((char)b);
                    i += 3;
                    continue;
                }
            }

            sb.Append(value[i]);
            i++;
        }

        return sb.ToString();
    }

    internal static string DecodeHex(string value)
    {
        if (value.Length % 2 != 0 || !value.Any(char.IsAsciiDigit))
        {
            return string.Empty;
        }

        var chars = new char[value.Length / 2];
        for (var i = 0; i < value.Length; i += 2)
        {
            var n1 = HexDigits.Value(value[i]);
            var n2 = HexDigits.Value(value[i + 1]);
            if (n1 < 0 || n2 < 0)
            {
                return string.Empty;
            }

            var b = (n1 << 4) | n2;
            if (!Printable(b))
            {
                return string.Empty;
            }

            chars[i / 2] = (char)b;
        }

        return new string(chars);
    }

    internal static string DecodeBase64(string value)
    {
        if (!value.Any(c => char.IsAsciiDigit(c) || c is '+' or '/' or '-' or '_'))
        {
            return string.Empty;
        }

        return TryBase64(value, StdAlphabet, padded: true) ?? TryBase64(value, UrlAlphabet, padded: false) ?? string.Empty;
    }

    /// <summary>Go's base64 StdEncoding (padded) or RawURLEncoding (unpadded), non-strict about trailing bits.</summary>
    private static string? TryBase64(string value, string alphabet, bool padded)
    {
        var body = value;
        if (padded)
        {
            if (value.Length % 4 != 0)
            {
                return null;
            }

            body = value.TrimEnd('=');
            if (value.Length - body.Length > 2)
            {
                return null;
            }
        }
        else if (value.Contains('=', StringComparison.Ordinal) || value.Length % 4 == 1)
        {
            return null;
        }

        var sb = new StringBuilder(body.Length * 3 / 4);
        int buffer = 0, bits = 0;
        foreach (var c in body)
        {
            var v = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0)
            {
                return null;
            }

            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                var b = (buffer >> bits) & 0xFF;
                if (!Printable(b))
                {
                    return null;
                }

                sb.Append((char)b);
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    internal static string DecodeUnicode(string value)
    {
        var multi = UnicodeMultiCodePoint.Select(value, null, out var input).Matches(input);
        if (multi.Count > 0)
        {
            foreach (var match in multi.Select(m => m.Value))
            {
                var decoded = DecodeMultiCodePoint(match);
                if (decoded.Length > 0 && decoded != match)
                {
                    value = ReplaceFirst(value, match, decoded);
                }
            }

            return value;
        }

        var escapes = UnicodeMultiEscape.Select(value, null, out var input2).Matches(input2);
        if (escapes.Count > 0)
        {
            foreach (var match in escapes.Select(m => m.Value))
            {
                var decoded = DecodeMultiEscape(match);
                if (decoded.Length > 0 && decoded != match)
                {
                    value = ReplaceFirst(value, match, decoded);
                }
            }
        }

        return value;
    }

    private static string DecodeMultiCodePoint(string sequence)
    {
        var sb = new StringBuilder();
        foreach (var cp in sequence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (cp.StartsWith("U+", StringComparison.Ordinal) && cp.Length >= 6 &&
                int.TryParse(cp.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            {
                AppendRune(sb, v);
            }
        }

        return sb.Length == 0 ? sequence : sb.ToString();
    }

    /// <summary>
    /// The code points of a run <see cref="UnicodeMultiEscape"/> matched, one per escape, as gitleaks' <c>(?i)\\{1,2}u([a-fA-F0-9]{4})</c>
    /// matches in it give them: the run is nothing but escapes, each one or two backslashes (two when there are), a
    /// <c>u</c> in either case and four hex digits. Read in one pass: a regex match with a capture per escape cost an
    /// agent-built body of 175,000 escapes about a second and 100 MB of allocation (red team s23).
    /// </summary>
    internal static string DecodeMultiEscape(string sequence)
    {
        var sb = new StringBuilder(sequence.Length / 6);
        var i = 0;
        while (i < sequence.Length)
        {
            var u = sequence.AsSpan(i).IndexOfAny('u', 'U');
            if (u < 0)
            {
                break;
            }

            u += i;
            if (HexDigits.Parse(sequence, u + 1, 4) is var value and >= 0)
            {
                AppendRune(sb, value);
            }

            i = u + 5;
        }

        return sb.Length == 0 ? sequence : sb.ToString();
    }

    private static void AppendRune(StringBuilder sb, int value) =>
        sb.Append(Rune.IsValid(value) ? char.ConvertFromUtf32(value) : "\uFFFD");

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}
