using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Sources;

/// <summary>How a tree is scanned.</summary>
public sealed record ScanOptions
{
    public DetectorOptions Detector { get; init; } = new();

    /// <summary>Files scanned at once; default one per core.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Fingerprints (gitleaks format <c>file:rule:line</c>) or short hashes of reviewed findings to suppress.</summary>
    public IReadOnlySet<string> Ignored { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Scan <see cref="VendoredFolders"/> too (<c>--all</c>); by default they are skipped, counted and reported.</summary>
    public bool IncludeVendored { get; init; }

    /// <summary>Files never scanned, as full paths (the rule file itself, a report being written).</summary>
    public IReadOnlySet<string> ExcludedFiles { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
