using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Sources;

/// <summary>How a tree is scanned.</summary>
public sealed record ScanOptions
{
    /// <summary>The default <see cref="Window"/>.</summary>
    public static readonly DetectionWindow FileWindow = new() { Size = 128 << 10 };

    public DetectorOptions Detector { get; init; } = new();

    /// <summary>
    /// How each file is cut into windows. The default owns 128 Ki chars a window (gitleaks reads files in 100 kB
    /// chunks): a file under that is one window, a larger one is scanned with <see cref="DetectionWindow.Overlap"/>
    /// chars of context either side of each cut, and the text held per worker stays a few hundred KB.
    /// </summary>
    public DetectionWindow Window { get; init; } = FileWindow;

    /// <summary>Files scanned at once at most; default one per core (fewer when the tree has fewer files).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Fingerprints (gitleaks format <c>file:rule:line</c>) or short hashes of reviewed findings to suppress.</summary>
    public IReadOnlySet<string> Ignored { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Scan <see cref="VendoredFolders"/> too (<c>--all</c>); by default they are skipped, counted and reported.</summary>
    public bool IncludeVendored { get; init; }

    /// <summary>How folders are listed and files opened; .NET's by default, which cannot open a name that is not UTF-8.</summary>
    public ITreeReader Tree { get; init; } = DotNetTreeReader.Instance;

    /// <summary>Files never scanned, as full paths (the rule file itself, a report being written).</summary>
    public IReadOnlySet<string> ExcludedFiles { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
