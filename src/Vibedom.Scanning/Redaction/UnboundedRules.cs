using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Redaction;

/// <summary>
/// For redaction: the rules whose secret starts with a distinctive literal prefix (every keyword at least
/// three chars, the pattern <c>\b(PREFIX…)</c>), rewritten without the word boundaries around the secret.
/// gitleaks' boundaries avoid false findings in a scan; in a record a false redaction costs nothing and a
/// missed one leaks, so <c>key_AKIA…</c>, <c>xAKIA…</c> and <c>AKIA…9</c> are redacted too.
/// </summary>
public static class UnboundedRules
{
    private const string Start = "\\b(";
    private static readonly string[] Ends = [")\\b", ")(?:[^\\w-]|$)"];

    public static RuleSet From(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var unbounded = new List<Rule>();
        foreach (var rule in rules.Rules)
        {
            if (Unbounded(rule) is { } pattern)
            {
                // the rule's own pattern, already checked, without its zero-width boundaries: not parsed again here
                unbounded.Add(rule with { Regex = new Re2Regex(pattern, validate: false), Required = [], SkipReport = false });
            }
        }

        return rules with { Rules = unbounded };
    }

    /// <summary>The pattern without its boundaries; null when the rule is not a prefix rule.</summary>
    public static string? Unbounded(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var source = rule.Regex?.Source;
        if (source is null || !source.StartsWith(Start, StringComparison.Ordinal) || rule.Path is not null
            || rule.Required.Count > 0 || rule.Keywords.Count == 0 || rule.Keywords.Any(k => k.Length < 3))
        {
            return null;
        }

        var body = source[2..];
        foreach (var end in Ends)
        {
            if (body.EndsWith(end, StringComparison.Ordinal))
            {
                return body[..^(end.Length - 1)];
            }
        }

        return body.EndsWith(')') ? body : null;
    }
}
