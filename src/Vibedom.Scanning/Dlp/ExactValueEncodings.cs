using System.Text;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// The encoded forms of an exact value matched literally, as secret scanners look for encoded needles: base64
/// (standard and URL-safe) at each of the three alignments of the value in a 3-byte group, hex in lower and upper
/// case, and percent-encoding (also with '+' for a space, as forms write it) when it differs from the value. The
/// decoder already finds these forms in runs long enough to be decoded (16 base64 chars, 32 hex); the needles find
/// the short ones, and a value inside a longer blob whatever its alignment.
/// </summary>
internal static class ExactValueEncodings
{
    /// <summary>
    /// The shortest value (UTF-8 bytes) whose encoded forms are looked for: its weakest needle (the value starting at
    /// any byte of a base64 group) is 10 chars, 60 bits, and its hex 16 chars, 64 bits. Random base64 text matches one of
    /// a value's (at most) 6 base64 needles at a given place with a chance of at most 6 in 2^60: once in ~190 PB. A 6-byte
    /// value (7-char needles) would match once in ~1 TB, a 4-byte value (4-char needles) once in ~8 MB.
    /// </summary>
    public const int MinimumBytes = 8;

    /// <summary>The needles of <paramref name="value"/>'s bytes (none under <see cref="MinimumBytes"/>), distinct.</summary>
    public static IEnumerable<EncodedNeedle> Of(byte[] value, string hash)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < MinimumBytes)
        {
            return [];
        }

        return Base64(value, hash).Concat(Hex(value, hash)).Concat(Percent(value, hash)).DistinctBy(n => n.Text, StringComparer.Ordinal);
    }

    private static IEnumerable<EncodedNeedle> Base64(byte[] value, string hash)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var group = new byte[(offset + value.Length + 2) / 3 * 3];
            value.CopyTo(group, offset);
            var encoded = Convert.ToBase64String(group);
            var first = ((8 * offset) + 5) / 6; // the first char with no bit of the bytes before
            var last = 8 * (offset + value.Length) / 6; // the end of the chars with no bit of the bytes after
            var needle = encoded[first..last];
            var after = (4 - (last % 4)) % 4;
            yield return new EncodedNeedle(needle, EncodedForm.Base64, first % 4, after, hash);
            yield return new EncodedNeedle(needle.Replace('+', '-').Replace('/', '_'), EncodedForm.Base64Url, first % 4, after, hash);
        }
    }

    private static IEnumerable<EncodedNeedle> Hex(byte[] value, string hash)
    {
        yield return new EncodedNeedle(Convert.ToHexStringLower(value), EncodedForm.Hex, 0, 0, hash);
        yield return new EncodedNeedle(Convert.ToHexString(value), EncodedForm.Hex, 0, 0, hash);
    }

    /// <summary>RFC 3986 percent-encoding (unreserved bytes as they are), upper and lower hex, and with '+' for a space.</summary>
    private static IEnumerable<EncodedNeedle> Percent(byte[] value, string hash)
    {
        var upper = new StringBuilder(value.Length * 3);
        foreach (var b in value)
        {
            if (b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'))
            {
                upper.Append((char)b);
            }
            else
            {
                upper.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var text = upper.ToString();
        if (text.Length == value.Length)
        {
            yield break; // the same as the value: the plain rule finds it
        }

        var lower = LowerEscapes(text);
        yield return new EncodedNeedle(text, EncodedForm.Percent, 0, 0, hash);
        yield return new EncodedNeedle(lower, EncodedForm.Percent, 0, 0, hash);
        if (Array.IndexOf(value, (byte)' ') >= 0)
        {
            yield return new EncodedNeedle(text.Replace("%20", "+", StringComparison.Ordinal), EncodedForm.Percent, 0, 0, hash);
            yield return new EncodedNeedle(lower.Replace("%20", "+", StringComparison.Ordinal), EncodedForm.Percent, 0, 0, hash);
        }
    }

    /// <summary>The hex digits after each '%' in lower case.</summary>
    private static string LowerEscapes(string percent)
    {
        var chars = percent.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
                i += 2;
            }
        }

        return new string(chars);
    }
}
