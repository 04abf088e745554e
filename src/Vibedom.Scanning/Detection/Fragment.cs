namespace Vibedom.Scanning.Detection;

/// <summary>A piece of text to scan, with where it came from. <see cref="StartLine"/> is the 1-based line of its first char.</summary>
public sealed record Fragment(string Raw)
{
    /// <summary>Path as reported and matched by path rules (forward slashes, relative to the scan root).</summary>
    public string? FilePath { get; init; }

    public int StartLine { get; init; } = 1;

    public string? CommitSha { get; init; }
}
