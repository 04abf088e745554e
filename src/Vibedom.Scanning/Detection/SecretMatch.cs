namespace Vibedom.Scanning.Detection;

/// <summary>
/// One secret found in a fragment. It holds the value (DLP must redact it, reports hash it); it never
/// leaves the process: reports are built from <see cref="Findings.Finding"/>, which has no value.
/// <see cref="Start"/>/<see cref="End"/> are char offsets of the match in the fragment's raw text.
/// </summary>
public sealed record SecretMatch(
    string RuleId,
    string Description,
    int Start,
    int End,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    string Match,
    string Secret,
    double Entropy,
    IReadOnlyList<string> Tags)
{
    /// <summary>Path-only rules (e.g. a .p12 file) match the file, not text.</summary>
    public bool IsFileMatch { get; init; }

    /// <summary>
    /// Char offset of <see cref="Secret"/> itself in the fragment (the value, without the key name the rule
    /// matched around it). For a match found in decoded text, the encoded range (<see cref="Start"/>).
    /// </summary>
    public int ValueStart { get; init; }

    /// <summary>End (exclusive) of the value's char range; see <see cref="ValueStart"/>.</summary>
    public int ValueEnd { get; init; }
}
