namespace Vibedom.Scanning.Rules;

/// <summary>A global or per-rule allowlist (gitleaks config/allowlist.go).</summary>
public sealed record Allowlist
{
    public string Description { get; init; } = string.Empty;

    /// <summary>True: every configured check must pass (AND); false: any one suffices (OR, the default).</summary>
    public bool MatchAll { get; init; }

    public IReadOnlyList<string> Commits { get; init; } = [];

    public IReadOnlyList<Re2Regex> Paths { get; init; } = [];

    public AllowlistTarget RegexTarget { get; init; }

    public IReadOnlyList<Re2Regex> Regexes { get; init; } = [];

    /// <summary>Lower-cased stop words; a secret containing one is allowed.</summary>
    public IReadOnlyList<string> StopWords { get; init; } = [];

    /// <summary>For global <c>[[allowlists]]</c>: the rules it applies to (empty: all).</summary>
    public IReadOnlyList<string> TargetRules { get; init; } = [];

    public bool CommitAllowed(string? commit) =>
        !string.IsNullOrEmpty(commit) && Commits.Contains(commit.ToLowerInvariant(), StringComparer.Ordinal);

    public bool PathAllowed(string? path) =>
        !string.IsNullOrEmpty(path) && Paths.Any(p => p.IsMatch(path));

    public bool RegexAllowed(string? target) =>
        !string.IsNullOrEmpty(target) && Regexes.Any(r => r.IsMatch(target));

    public bool ContainsStopWord(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || StopWords.Count == 0)
        {
            return false;
        }

        var lower = secret.ToLowerInvariant();
        foreach (var word in StopWords)
        {
            if (lower.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
