using System.Security.Cryptography;
using Vibedom.Proxy.Dlp;
using Vibedom.Scanning.Redaction;

namespace Vibedom.Proxy.Bench;

/// <summary>What the DLP rows use: the session's default settings and the body the agent posts.</summary>
internal static class BenchDlp
{
    /// <summary>
    /// <see cref="DlpSettings.Default"/> (default rules and PII, scrub, responses scrubbed) plus four exact values, as a
    /// pre-flight scan of a workspace with a few secrets would give; random, so nothing here is a literal secret.
    /// </summary>
    /// <remarks>
    /// <c>BENCH_DLP_LINES=1</c>: a fifth value of two lines, as a private key the pre-flight found (a value JSON writes
    /// with a short escape: the JSON decoded pass used to decode every body whole for it).
    /// </remarks>
    public static DlpSettings Settings()
    {
        var values = Enumerable.Range(0, 4).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))).ToList();
        if (Environment.GetEnvironmentVariable("BENCH_DLP_LINES") == "1")
        {
            values.Add(values[0] + "\n" + values[1]);
        }

        return DlpSettings.Default with { ExactValues = new KnownSecrets(values) };
    }
}
