namespace Vibedom.Scanning.Rules;

/// <summary>A value read from the rule file with where it was written (1-based line and column).</summary>
internal readonly record struct Located<T>(T Value, long Line, long Column);

internal sealed class DraftConfig
{
    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public Located<string>? ExtendPath { get; set; }

    public bool ExtendUseDefault { get; set; }

    public Located<string>? ExtendUrl { get; set; }

    public List<string> DisabledRules { get; } = [];

    public (long Line, long Column) ExtendAt { get; set; }

    public List<DraftRule> Rules { get; } = [];

    public DraftAllowlist? DeprecatedAllowlist { get; set; }

    public List<DraftAllowlist> Allowlists { get; } = [];
}

internal sealed class DraftRule
{
    public long Line { get; init; }

    public long Column { get; init; }

    public string Id { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public Located<string>? Regex { get; set; }

    public Located<string>? Path { get; set; }

    public Located<long>? SecretGroup { get; set; }

    public double Entropy { get; set; }

    public List<string> Keywords { get; } = [];

    public List<string> Tags { get; } = [];

    public DraftAllowlist? DeprecatedAllowlist { get; set; }

    public List<DraftAllowlist> Allowlists { get; } = [];

    public List<(RequiredRule Rule, long Line, long Column)> Required { get; } = [];

    public bool SkipReport { get; set; }
}

internal sealed class DraftAllowlist
{
    public long Line { get; init; }

    public long Column { get; init; }

    public string Description { get; set; } = string.Empty;

    public Located<string>? Condition { get; set; }

    public List<string> Commits { get; } = [];

    public List<Located<string>> Paths { get; } = [];

    public Located<string>? RegexTarget { get; set; }

    public List<Located<string>> Regexes { get; } = [];

    public List<string> StopWords { get; } = [];

    public List<string> TargetRules { get; } = [];
}
