namespace Vibedom.Scanning.Rules;

/// <summary>One gitleaks rule, compiled. Field meanings are gitleaks' (config/rule.go).</summary>
public sealed record Rule
{
    public required string Id { get; init; }

    public string Description { get; init; } = string.Empty;

    public Re2Regex? Regex { get; init; }

    public Re2Regex? Path { get; init; }

    /// <summary>The group holding the secret; 0 means the first non-empty group (or the whole match).</summary>
    public int SecretGroup { get; init; }

    /// <summary>Minimum Shannon entropy; a finding at or below it is dropped. 0 disables the check.</summary>
    public double Entropy { get; init; }

    /// <summary>Lower-cased keywords; the rule runs only on text containing one (none: always runs).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<Allowlist> Allowlists { get; init; } = [];

    /// <summary>Composite rules: findings of these rules must appear near this rule's finding.</summary>
    public IReadOnlyList<RequiredRule> Required { get; init; } = [];

    /// <summary>Only used as a required part of another rule, never reported alone.</summary>
    public bool SkipReport { get; init; }

    /// <summary>Where the rule was defined (file and line), for error messages.</summary>
    public string Origin { get; init; } = string.Empty;
}
