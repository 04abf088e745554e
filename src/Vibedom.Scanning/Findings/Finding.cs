namespace Vibedom.Scanning.Findings;

/// <summary>
/// A reported secret without its value: what every report, review and log is built from.
/// <see cref="Fingerprint"/> is gitleaks' (<c>file:rule:line</c>, for .gitleaksignore);
/// <see cref="ShortHash"/> is the first 12 hex digits of SHA-256 of the secret.
/// </summary>
public sealed record Finding
{
    public required string RuleId { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>Path relative to the scan root, forward slashes; empty for standard input.</summary>
    public required string File { get; init; }

    public int Line { get; init; }

    public int Column { get; init; }

    public int EndLine { get; init; }

    public int EndColumn { get; init; }

    public Risk Risk { get; init; }

    public string Reason { get; init; } = string.Empty;

    /// <summary>The first characters of the secret, then an ellipsis; never the whole value.</summary>
    public string Preview { get; init; } = string.Empty;

    public required string Fingerprint { get; init; }

    public required string ShortHash { get; init; }

    public double Entropy { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}
