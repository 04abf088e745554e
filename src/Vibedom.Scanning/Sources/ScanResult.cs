using Vibedom.Scanning.Findings;

namespace Vibedom.Scanning.Sources;

/// <summary>What a scan found, what it could not read, and how much it read.</summary>
public sealed record ScanResult
{
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Secret values keyed by short hash, for the DLP stage's exact-match rules. Never written anywhere.</summary>
    public IReadOnlyDictionary<string, string> SecretValues { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<SkippedFile> Unreadable { get; init; } = [];

    public long FilesScanned { get; init; }

    public long BinaryFilesSkipped { get; init; }

    public long BytesScanned { get; init; }

    /// <summary>Vendored folders skipped whole (relative paths, outermost only); empty with <see cref="ScanOptions.IncludeVendored"/>.</summary>
    public IReadOnlyList<string> VendoredFolders { get; init; } = [];

    /// <summary>Regular files under <see cref="VendoredFolders"/>, which were not scanned.</summary>
    public long VendoredFilesSkipped { get; init; }

    /// <summary>True when some file could not be read (or timed out): a clean result does not prove the tree clean.</summary>
    public bool Incomplete => Unreadable.Count > 0;
}
