using System.Text;

namespace Vibedom.Dlp.Bench;

/// <summary>
/// Values as form-encoding and JSON encoders write them (issue 11, "where it looks"), and clean bodies in the same
/// encodings: the needle is the value as the body spells it (encoded), which must not reach the upstream.
/// </summary>
internal static class Encoded
{
    private static string Form(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string Php(string value) => value.Replace("/", "\\/", StringComparison.Ordinal);

    public static IEnumerable<(string Kind, string Needle, string Body)> Cases(Random r)
    {
        var name = Secrets.R(r, "abcdefghijklmnopqrstuvwxyz", 6);
        var mail = $"{name}.doe@example.com";
        yield return ("form e-mail", Form(mail), $"to={Form(mail)}&subject=hi");
        yield return ("json \\u0040 e-mail", mail.Replace("@", "\\u0040", StringComparison.Ordinal), $"{{\"to\":\"{mail.Replace("@", "\\u0040", StringComparison.Ordinal)}\"}}");
        foreach (var pii in new[] { "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "+44 20 7946 0958" })
        {
            yield return ("form grouped number", Form(pii), $"v={Form(pii)}&x=1");
        }

        var hook = "https://hooks.slack" + ".com/services/T" + Secrets.R(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8) + "/B" + Secrets.R(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8) + "/" + Secrets.R(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);
        yield return ("php json webhook", Php(hook)[30..], $"{{\"hook\":\"{Php(hook)}\"}}");
        yield return ("form webhook", Form(hook)[30..], $"hook={Form(hook)}");
        var pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Convert.ToBase64String(Encoding.ASCII.GetBytes(Secrets.R(r, "abcdefghijklmnop", 52))) + "\n-----END OPENSSH PRIVATE KEY-----\n";
        yield return ("form private key", Form(pem.Split('\n')[1]), $"key={Form(pem)}&note=x");
        var glued = Convert.ToBase64String(Encoding.ASCII.GetBytes("x" + "AK" + "IA" + Secrets.R(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)));
        yield return ("glued key in base64", glued, $"k={glued}");
    }

    public static IEnumerable<(string Kind, string Body)> Clean()
    {
        yield return ("form words", "q=hello+world+and+more&lang=en&page=2&sort=date%2Cdesc&d=2024-01-15T10%3A30%3A00%2B01%3A00");
        yield return ("form order number", "order=4111+1111+1111+1112&ref=ABCD+1234");
        yield return ("php json urls", "{\"url\":\"https:\\/\\/example.com\\/docs\\/api?page=2\",\"path\":\"src\\/main\\/App.java\"}");
        yield return ("json unicode text", "{\"caf\\u00e9\":\"na\\u00efve \\ud83d\\ude00 \\u00a92026\"}");
    }
}
