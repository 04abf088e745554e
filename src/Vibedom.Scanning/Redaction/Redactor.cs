using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Scanning.Hashing;

namespace Vibedom.Scanning.Redaction;

/// <summary>
/// What vibedom records (session.json, session.log, network.jsonl, crash files, the proxy's reasons) passes
/// through here. Each secret the rules find, each known value (<see cref="KnownSecrets"/>), and each of their
/// encoded forms (percent, unicode escapes, hex, base64: the detector decodes) becomes
/// <c>[REDACTED_rule:hash12]</c> (first 12 hex of SHA-256 of the value). Shapes with a distinctive prefix are
/// also matched without the word boundaries their rules require (<see cref="UnboundedRules"/>): a secret
/// glued to a word (<c>key_AKIA…</c>, <c>xAKIA…</c>, <c>AKIA…9</c>) is still a secret. <c>gitleaks:allow</c>
/// in the text is ignored: the text is the agent's.
/// </summary>
public sealed class Redactor
{
    private static readonly DetectorOptions Options = new() { IgnoreGitleaksAllow = true };

    private readonly Detector _bounded;
    private readonly Detector _unbounded;

    public Redactor(RuleSet rules)
        : this(new Detector(rules, Options))
    {
    }

    /// <summary>A redactor over rules already compiled (shares <paramref name="detector"/>'s keyword automaton and regexes).</summary>
    public Redactor(Detector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _bounded = detector.With(Options);
        // the unbounded rules' keywords are the bounded rules' own: one keyword pass serves both (DetectWith)
        _unbounded = _bounded.Derived(UnboundedRules.From(detector.Rules), Options);
    }

    /// <summary>
    /// The process's redactor: <see cref="CompiledRules.ForRecords"/> (vibedom's rules plus the user's once
    /// <see cref="CompiledRules.UseForRecords"/> named their folder), compiled once per process on first use.
    /// </summary>
    public static Redactor Default => CompiledRules.ForRecords.Redactor;

    /// <summary>The detector options redaction uses (also for <see cref="KnownSecrets"/>).</summary>
    internal static DetectorOptions DetectorOptions => Options;

    public string Redact(string text, KnownSecrets? known = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Find(text, known);
        return matches.Count == 0 ? text : Apply(text, matches, StringComparison.Ordinal);
    }

    /// <summary>
    /// <see cref="Redact"/>, then the same on the text's upper- and lower-case forms, and known values in any
    /// case: for what the agent may have re-cased, and what vibedom normalised (host names are lower-cased, and
    /// an <c>akia…</c> host still spells the key).
    /// </summary>
    public string RedactIgnoringCase(string text, KnownSecrets? known = null)
    {
        var redacted = Redact(text, known);
        foreach (var view in new[] { redacted.ToUpperInvariant(), redacted.ToLowerInvariant() })
        {
            // known values in other cases are replaced below, without the detector
            var matches = view.Length == redacted.Length ? Find(view, null) : [];
            if (matches.Count > 0)
            {
                redacted = Apply(redacted, matches, StringComparison.OrdinalIgnoreCase);
            }
        }

        foreach (var value in known?.Values ?? [])
        {
            if (redacted.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                redacted = redacted.Replace(value, Marker(KnownSecrets.RuleId, value), StringComparison.OrdinalIgnoreCase);
            }
        }

        return redacted;
    }

    private List<SecretMatch> Find(string text, KnownSecrets? known)
    {
        var matches = new List<SecretMatch>();
        if (text.Length == 0)
        {
            return matches;
        }

        // gitleaks' base64 and hex segments run across '/': a path's segments are decoded one by one too
        // (same length, so every position of the view is a position of the text)
        Detector[] companions = known?.Detector is { } values ? [_unbounded, values] : [_unbounded];
        foreach (var view in text.Contains('/', StringComparison.Ordinal) ? [text, text.Replace('/', ' ')] : new[] { text })
        {
            // one decoding of the view for the three detectors, each with what it alone would have found, in order
            foreach (var found in _bounded.DetectWith(new Fragment(view), companions))
            {
                matches.AddRange(found);
            }
        }

        return matches;
    }

    /// <summary>The marker a value becomes: rule and the first 12 hex of its SHA-256, never the value.</summary>
    public static string Marker(string rule, string value) =>
        $"[REDACTED_{rule}:{Sha256.HexOfUtf8(value)[..12]}]";

    private static string Apply(string text, List<SecretMatch> matches, StringComparison comparison)
    {
        // a match found in decoded text covers its encoded form in the original: replace that range
        var decoded = matches
            .Where(m => m.Secret.Length > 0 && m.Tags.Any(t => t.StartsWith("decoded:", StringComparison.Ordinal)))
            .Where(m => m.Start >= 0 && m.End <= text.Length && m.End > m.Start)
            .OrderBy(m => m.Start)
            .ToList();
        var redacted = text;
        if (decoded.Count > 0)
        {
            var builder = new StringBuilder(text.Length);
            var at = 0;
            foreach (var m in decoded)
            {
                if (m.End <= at)
                {
                    continue;
                }

                builder.Append(text, at, Math.Max(0, m.Start - at)).Append(Marker(m.RuleId, m.Secret));
                at = m.End;
            }

            redacted = builder.Append(text, at, text.Length - at).ToString();
        }

        foreach (var m in matches.Where(m => m.Secret.Length > 0).OrderByDescending(m => m.Secret.Length))
        {
            redacted = redacted.Replace(m.Secret, Marker(m.RuleId, m.Secret), comparison);
        }

        return redacted;
    }
}
