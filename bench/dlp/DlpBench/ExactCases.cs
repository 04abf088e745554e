using System.Text;

namespace Vibedom.Dlp.Bench;

/// <summary>
/// Workspace exact values (short passwords, 8-16 chars, as a pre-flight finds them in `.env`) sent in the encodings an
/// agent would use: bare, base64 (padded, URL-safe, inside Basic auth, inside binary data), hex, percent and form.
/// </summary>
internal static class ExactCases
{
    private const string Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_=+/?";

    public static string[] Values(Random r) => [.. Enumerable.Range(0, 8).Select(i => Secrets.R(r, Chars, 8 + i))];

    /// <summary>(kind, needle, body): the needle (the value as the body spells it) must not reach the upstream.</summary>
    public static IEnumerable<(string Kind, string Needle, string Body)> Cases(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var b64 = Convert.ToBase64String(bytes);
            var url = b64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var hex = Convert.ToHexStringLower(bytes);
            var percent = Uri.EscapeDataString(value);
            yield return ("bare", value, $"{{\"note\":\"db {value} ok\"}}");
            yield return ("base64", b64, $"note {b64} end");
            yield return ("base64 url", url, $"GET /x?k={url}&n=1");
            yield return ("hex", hex, $"note {hex} end");
            yield return ("HEX", hex.ToUpperInvariant(), $"note {hex.ToUpperInvariant()} end");
            yield return ("percent", percent, $"a={percent}&b=1");
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("u:" + value));
            yield return ("basic auth", basic, $"Authorization: Basic {basic}");
            var blob = Convert.ToBase64String([0, 1, 2, 3, 0xFF, .. bytes, 0, 0xFE, 7, 9, 0x80]);
            yield return ("binary blob", blob[8..^8], $"{{\"file\":\"{blob}\"}}");
        }
    }
}
