using System.Security.Cryptography;
using System.Text;

namespace Vibedom.Dlp.Bench;

/// <summary>PII cases, clean look-alikes, and the bodies the cost is measured on; all generated at run time.</summary>
internal static class Corpus
{
    public static IEnumerable<(string Kind, string Needle, string Body)> Pii(Random r)
    {
        var name = Secrets.R(r, "abcdefghijklmnopqrstuvwxyz", 6);
        foreach (var email in new[] { $"{name}@example.com", $"{name}.doe+x@mail.example.co.uk", $"{name}_1@corp-mail.example" })
        {
            yield return ("email", email, $"{{\"content\":\"write to {email} please\"}}");
        }

        foreach (var card in new[] { "4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "3782 822463 10005", "6011000990139424", "3530111333300000" })
        {
            yield return ("credit-card", card, $"{{\"content\":\"card {card} exp 12/29\"}}");
        }

        foreach (var ssn in new[] { "123-45-6789", "078-05-1121", "536-22-8726" })
        {
            yield return ("us-ssn", ssn, $"{{\"content\":\"SSN: {ssn}\"}}");
        }

        foreach (var phone in new[] { "(415) 555-2671", "415-555-2671", "+14155552671", "+44 20 7946 0958", "+49 30 901820", "1-800-555-0199" })
        {
            yield return ("phone-number", phone, $"{{\"content\":\"call {phone} today\"}}");
        }

        foreach (var iban in new[] { "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300" })
        {
            yield return ("iban", iban, $"{{\"content\":\"pay to {iban}\"}}");
        }

        foreach (var ip in new[] { "10.1.2.3", "172.20.5.17", "192.168.1.20" })
        {
            yield return ("private-ipv4", ip, $"{{\"content\":\"host {ip}:5432\"}}");
        }
    }

    public static IEnumerable<(string Kind, string Body)> Clean()
    {
        string Hex(int n) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(n));
        string B64(int n) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(n));
        yield return ("uuid", $"{{\"id\":\"{Guid.NewGuid()}\"}}");
        yield return ("git sha", $"commit {Hex(20)}\n");
        yield return ("base64 image", $"{{\"img\":\"data:image/png;base64,{B64(3000)}\"}}");
        yield return ("lockfile integrity", $"\"integrity\": \"sha512-{B64(64)}\"");
        yield return ("Luhn-invalid order number", "{\"order\": 4111111111111112}");
        yield return ("version numbers", "\"version\": \"1.2.3-beta.4\", Version=10.0.0.0, 10.0.19041.1");
        yield return ("timestamps", "{\"ts\": 1733140000000, \"at\": \"2026-12-02T09:44:23Z\"}");
        yield return ("public key", $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{B64(24)} me@host\n-----BEGIN PUBLIC KEY-----\n{B64(48)}\n-----END PUBLIC KEY-----\n");
        yield return ("certificate", $"-----BEGIN CERTIFICATE-----\n{B64(48)}\n{B64(48)}\n-----END CERTIFICATE-----\n");
        yield return ("public and loopback IPs", "127.0.0.1 8.8.8.8 203.0.113.7 172.32.0.1");
        yield return ("e-mail-like code", "import a from './logo@2x.png'; lodash@4.17.21 git@github.com:o/r.git");
        yield return ("hashes", $"sha256:{Hex(32)} md5:{Hex(16)}");
        yield return ("semver ranges", "\"react\": \"^18.2.0\", \"typescript\": \"~5.4.5\"");
        yield return ("networks", "10.0.0.0/8 192.168.0.0/16 172.16.0.0/12");
        yield return ("JSON numbers", "[1, 2, 415, 555, 2671, 123456789, 3.14, -42]");
        yield return ("dates", "2024-01-15 and 15/01/2024 and 2024-01-15T10:30:00+01:00");
        yield return ("ids after phone words", "{\"call_id\": 123456789012, \"contact\": 4711, \"callCount\": 1234567890, \"cell\": \"B12\"}");
        yield return ("code", "for (var i = 0; i < 10; i++) { total += items[i].price * 1.2; }");
    }

    /// <summary>A chat request body of about <paramref name="bytes"/>: prose, code, numbers, ids; no secret, no PII.</summary>
    /// <summary>A JSON chat body of about <paramref name="bytes"/> made of every default rule's keywords, repeated: the prefilter's worst case.</summary>
    public static byte[] KeywordJson(int bytes)
    {
        var keywords = string.Join(' ', Vibedom.Scanning.CompiledRules.Defaults.Rules.Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal));
        var builder = new StringBuilder("{\"messages\":[{\"role\":\"user\",\"content\":\"");
        while (builder.Length < bytes - 100)
        {
            builder.Append(keywords).Append(" = value\\n");
        }

        builder.Append("\"}]}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] ChatJson(int bytes, Random r)
    {
        var builder = new StringBuilder("{\"model\":\"claude\",\"max_tokens\":4096,\"messages\":[");
        var pieces = new[]
        {
            "Please refactor the function below so that it handles empty input.\\n",
            "```csharp\\npublic static int Sum(IEnumerable<int> xs) => xs.Aggregate(0, (a, b) => a + b);\\n```\\n",
            "The test output was: Passed 124, Failed 2, Skipped 0 (3.41 s).\\n",
            "{\\\"id\\\": \\\"" + Guid.NewGuid() + "\\\", \\\"count\\\": 42, \\\"ratio\\\": 0.125}\\n",
            "commit " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)) + " Fix the parser for nested arrays\\n",
            "error CS1503: Argument 2: cannot convert from 'byte[]' to 'string' at Program.cs(85,37)\\n",
        };
        while (builder.Length < bytes - 100)
        {
            builder.Append("{\"role\":\"user\",\"content\":\"");
            for (var i = 0; i < 6; i++)
            {
                builder.Append(pieces[r.Next(pieces.Length)]);
            }

            builder.Append("\"},");
        }

        builder.Append("{\"role\":\"user\",\"content\":\"thanks\"}]}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>
    /// A JSON body as System.Text.Json's default encoder writes it: <c>&lt; &gt; &amp; ' +</c> as <c>\u003C</c>...
    /// (Python's <c>ensure_ascii</c> does the same to every non-ASCII char): a chat body dense with <c>\u</c> escapes,
    /// whose JSON decoded pass covers most of the body.
    /// </summary>
    public static byte[] EscapedAsDotNet(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        var builder = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            builder.Append(c is '<' or '>' or '&' or '\'' or '+' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
