using System.Globalization;
using System.Text;

namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The byte strings the proxy swaps: the sentinel for the value on the way out; on the way back, the value and its
/// base64 forms (standard and URL-safe, at each of the three alignments a value can have inside a longer base64
/// text, such as <c>user:value</c> in a Basic header echoed back) for the sentinel's same forms; and the value's
/// percent-encoded forms (upper- and lower-case hex) and JSON-escaped forms (<c>\u002B</c> or <c>\u002b</c> for
/// <c>+</c>, <c>\/</c> for <c>/</c>) for a form of the sentinel of the same length that decodes to the sentinel
/// (its characters at the same places escaped the same way: <c>%XX</c>, <c>\u00XX</c>); where the <c>\/</c> escapes
/// leave a length no <c>\u00XX</c> can match, the sentinel's form ends with as many <c>*</c> (never the value).
/// </summary>
internal static class CredentialForms
{
    /// <summary>Shorter base64 cores are not swapped back (they would match ordinary base64 by chance).</summary>
    private const int MinimumCore = 16;

    public static IEnumerable<(byte[] From, byte[] To)> Outgoing(ProxyCredential credential)
    {
        yield return (Encoding.ASCII.GetBytes(credential.Sentinel), Encoding.ASCII.GetBytes(credential.Value));
    }

    public static IEnumerable<(byte[] From, byte[] To)> Returning(ProxyCredential credential)
    {
        var value = Encoding.ASCII.GetBytes(credential.Value);
        var sentinel = Encoding.ASCII.GetBytes(credential.Sentinel);
        yield return (value, sentinel);
        for (var alignment = 0; alignment < 3; alignment++)
        {
            var from = Base64Core(value, alignment);
            var to = Base64Core(sentinel, alignment);
            if (from.Length < MinimumCore)
            {
                continue;
            }

            yield return (Encoding.ASCII.GetBytes(from), Encoding.ASCII.GetBytes(to));
            yield return (Encoding.ASCII.GetBytes(UrlSafe(from)), Encoding.ASCII.GetBytes(UrlSafe(to)));
        }

        foreach (var (escapedValue, escapedSentinel) in Escaped(credential.Value, credential.Sentinel).Where(e => e.Value != credential.Value).Distinct())
        {
            yield return (Encoding.ASCII.GetBytes(escapedValue), Encoding.ASCII.GetBytes(escapedSentinel));
        }
    }

    /// <summary>The value's percent- and JSON-escaped forms that differ from it, each with the sentinel's form of that length.</summary>
    internal static IEnumerable<(string Value, string Sentinel)> Escaped(string value, string sentinel)
    {
        foreach (var hex in new[] { "X2", "x2" })
        {
            yield return Escape(value, sentinel, c => Uri.EscapeDataString(c.ToString()) is var e && e.Length > 1 ? Percent(c, hex) : null, c => Percent(c, hex));
        }

        foreach (var hex in new[] { "X4", "x4" })
        {
            foreach (var slash in new[] { false, true })
            {
                yield return Escape(value, sentinel, c => c == '+' ? Json(c, hex) : c == '/' && slash ? "\\/" : null, c => Json(c, hex));
            }
        }

        yield return Escape(value, sentinel, c => c == '/' ? "\\/" : null, c => Json(c, "X4"));
    }

    /// <summary>
    /// The value with each character <paramref name="escapeValue"/> spells otherwise escaped, and the sentinel at the
    /// same length: its characters at those places escaped with <paramref name="escapeSentinel"/> while the length
    /// allows, the rest of the difference (fewer characters than one escape adds) as trailing <c>*</c>.
    /// </summary>
    private static (string Value, string Sentinel) Escape(string value, string sentinel, Func<char, string?> escapeValue, Func<char, string> escapeSentinel)
    {
        var escapedValue = new StringBuilder();
        var escapedSentinel = new StringBuilder();
        var extra = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escaped = escapeValue(value[i]);
            escapedValue.Append(escaped ?? value[i].ToString());
            extra += (escaped?.Length ?? 1) - 1;
            var sentinelEscaped = escapeSentinel(sentinel[i]);
            var grows = sentinelEscaped.Length - 1;
            if (escaped is not null && extra >= grows)
            {
                escapedSentinel.Append(sentinelEscaped);
                extra -= grows;
            }
            else
            {
                escapedSentinel.Append(sentinel[i]);
            }
        }

        escapedSentinel.Append('*', extra);
        return (escapedValue.ToString(), escapedSentinel.ToString());
    }

    private static string Percent(char c, string hex) => "%" + ((int)c).ToString(hex, CultureInfo.InvariantCulture);

    private static string Json(char c, string hex) => "\\u" + ((int)c).ToString(hex, CultureInfo.InvariantCulture);

    /// <summary>
    /// The base64 characters that depend only on <paramref name="bytes"/> when they start <paramref name="alignment"/>
    /// bytes after a 3-byte boundary: the same whatever surrounds them.
    /// </summary>
    internal static string Base64Core(byte[] bytes, int alignment)
    {
        var padded = new byte[alignment + bytes.Length];
        bytes.CopyTo(padded, alignment);
        var encoded = Convert.ToBase64String(padded);
        var first = ((alignment * 8) + 5) / 6;        // first character whose six bits all come from the value
        var end = (alignment + bytes.Length) * 8 / 6; // characters wholly before the value's end
        return encoded[first..end];
    }

    private static string UrlSafe(string base64) => base64.Replace('+', '-').Replace('/', '_');
}
