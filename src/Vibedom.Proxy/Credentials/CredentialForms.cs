using System.Text;

namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The byte strings the proxy swaps: the sentinel for the value on the way out; on the way back, the value and its
/// base64 forms (standard and URL-safe, at each of the three alignments a value can have inside a longer base64
/// text, such as <c>user:value</c> in a Basic header echoed back) for the sentinel's same forms.
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
    }

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
