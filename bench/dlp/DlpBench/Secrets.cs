namespace Vibedom.Dlp.Bench;

/// <summary>Secret shapes of the default rules, assembled at run time from random characters (nothing real, nothing literal).</summary>
internal static class Secrets
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Hex = "0123456789abcdef";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    public static string R(Random random, string alphabet, int n) => string.Concat(Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)]));

    /// <summary>(kind, needle, body): the needle (the value as the body spells it) must not reach the upstream.</summary>
    public static IEnumerable<(string Kind, string Needle, string Body)> Cases(Random r)
    {
        (string, string) Kv(string kind, string value) => (kind, value);
        var values = new List<(string Kind, string Value)>
        {
            Kv("aws-access-key-id", "AK" + "IA" + R(r, Base32, 16)),
            Kv("github-pat", "gh" + "p_" + R(r, Alnum, 36)),
            Kv("github-fine-grained-pat", "github" + "_pat_" + R(r, Alnum, 82)),
            Kv("github-app-token", "gh" + "s_" + R(r, Alnum, 36)),
            Kv("gitlab-token", "gl" + "pat-" + R(r, Alnum, 20)),
            Kv("slack-token", "xo" + "xb-" + R(r, "0123456789", 12) + "-" + R(r, "0123456789", 12) + "-" + R(r, Alnum, 24)),
            Kv("stripe-secret-key", "sk" + "_live_" + R(r, Alnum, 32)),
            Kv("anthropic-api-key", "sk-" + "ant-api03-" + R(r, Alnum, 93) + "AA"),
            Kv("openai-api-key", "sk-" + "proj-" + R(r, Alnum, 48) + "T3Blbk" + "FJ" + R(r, Alnum, 48)),
            Kv("npm-access-token", "np" + "m_" + R(r, Alnum, 36)),
            Kv("pypi-token", "py" + "pi-AgEIcHlwaS5vcmc" + R(r, Alnum, 60)),
            Kv("sendgrid-api-key", "S" + "G." + R(r, Alnum, 22) + "." + R(r, Alnum, 43)),
            Kv("twilio-api-key", "S" + "K" + R(r, Hex, 32)),
            Kv("huggingface-token", "h" + "f_" + R(r, Lower, 34)),
            Kv("groq-api-key", "g" + "sk_" + R(r, Alnum, 52)),
            Kv("digitalocean-pat", "do" + "p_v1_" + R(r, Hex, 64)),
            Kv("docker-hub-pat", "dckr" + "_pat_" + R(r, Alnum, 27)),
            Kv("jwt", "ey" + "J" + R(r, Alnum, 30) + ".ey" + "J" + R(r, Alnum, 40) + "." + R(r, Alnum, 43)),
        };

        foreach (var (kind, value) in values)
        {
            yield return (kind, value, $"{{\"role\":\"user\",\"content\":\"here: {value} thanks\"}}");
            yield return (kind + " (in .env)", value, $"{{\"content\":\"TOKEN={value}\\nDEBUG=1\"}}");
            yield return (kind + " (glued)", value, $"{{\"content\":\"key_{value}\"}}");
            var blob = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("X=" + value + "\n"));
            yield return (kind + " (base64)", blob, $"{{\"file\":\"{blob}\"}}");
            var percent = string.Concat(System.Text.Encoding.UTF8.GetBytes(value).Select(b => $"%{b:X2}"));
            yield return (kind + " (percent)", percent, $"q={percent}&x=1");
        }

        var password = R(r, Alnum, 14) + "!x";
        yield return ("url-credentials", password, $"{{\"content\":\"postgres://app:{password}@db.internal:5432/main\"}}");
        yield return ("connection-string-password", password, $"{{\"content\":\"Server=db;User Id=sa;Password={password};\"}}");
        var bearer = R(r, Alnum, 40);
        yield return ("authorization-bearer", bearer, $"{{\"content\":\"Authorization: Bearer {bearer}\"}}");
        var generic = R(r, Alnum, 32);
        yield return ("generic-secret-assignment", generic, $"{{\"content\":\"api_key = \\\"{generic}\\\"\"}}");
        var aws = R(r, Alnum, 40);
        yield return ("aws-secret-access-key", aws, $"{{\"content\":\"aws_secret_access_key = {aws}\"}}");
        var pem = "-----BEGIN " + "RSA PRIVATE" + " KEY-----\n" + string.Join("\n", Enumerable.Range(0, 20).Select(_ => R(r, Alnum, 64))) + "\n-----END " + "RSA PRIVATE" + " KEY-----";
        var body = pem.Split('\n')[5];
        yield return ("private-key", body, pem + "\n");
        yield return ("private-key (JSON-escaped)", body, $"{{\"content\":\"{pem.Replace("\n", "\\n", StringComparison.Ordinal)}\"}}");
    }
}
