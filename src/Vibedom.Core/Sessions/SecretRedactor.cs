using System.Security.Cryptography;
using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;

namespace Vibedom.Core.Sessions;

/// <summary>
/// What vibedom writes about a session (session.json's command, every session.log line) passes through
/// here: each secret vibedom's detector finds, and each value the pre-flight scan found in the
/// workspace, becomes <c>[REDACTED_rule:hash12]</c> (first 12 hex of SHA-256). The sandbox itself
/// still receives the real arguments.
/// </summary>
public static class SecretRedactor
{
    private static readonly Lazy<Detector> Detector = new(() => new Detector(RuleSources.Load(null, null)));

    /// <summary>Compiles the rules now (call it on a background thread early; the first redaction waits for it otherwise).</summary>
    public static void Warm() => _ = Detector.Value;

    public static IReadOnlyList<string> Redact(IReadOnlyList<string> arguments, IEnumerable<string>? knownValues = null)
    {
        var known = knownValues?.Where(v => v.Length >= 6).OrderByDescending(v => v.Length).ToList() ?? [];
        return arguments.Select(a => Redact(a, known)).ToList();
    }

    public static string Redact(string text, IReadOnlyList<string>? knownValues = null)
    {
        var redacted = text;
        foreach (var match in Detector.Value.Detect(text).Where(m => m.Secret.Length > 0).OrderByDescending(m => m.Secret.Length))
        {
            redacted = redacted.Replace(match.Secret, Marker(match.RuleId, match.Secret), StringComparison.Ordinal);
        }

        foreach (var value in knownValues ?? [])
        {
            redacted = redacted.Replace(value, Marker("preflight", value), StringComparison.Ordinal);
        }

        return redacted;
    }

    private static string Marker(string rule, string value) =>
        $"[REDACTED_{rule}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12]}]";
}
