namespace Vibedom.Scanning.Rules;

/// <summary>A loaded rule file (and what it extends): rules in gitleaks' order, global allowlists.</summary>
public sealed record RuleSet
{
    public string Title { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    /// <summary>The file the set was loaded from (findings in it are skipped, as gitleaks does).</summary>
    public string? Path { get; init; }

    public IReadOnlyList<Rule> Rules { get; init; } = [];

    public IReadOnlyList<Allowlist> Allowlists { get; init; } = [];

    public Rule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);
}
