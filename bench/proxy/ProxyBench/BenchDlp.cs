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
    public static DlpSettings Settings() => DlpSettings.Default with
    {
        ExactValues = new KnownSecrets(Enumerable.Range(0, 4).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)))),
    };
}
