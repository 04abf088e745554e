namespace Vibedom.Scanning.Tests;

/// <summary>Paths relative to the repository root (found by walking up to vibedom.slnx).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>gitleaks' default config, shared conformance data beside the repository.</summary>
    /// <remarks>The repository's sibling <c>../shared</c>; from a worktree nested deeper, the nearest ancestor's.</remarks>
    public static string GitleaksToml => Shared("conformance", "gitleaks", "gitleaks.toml");

    public static string Shared(params string[] parts)
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, "shared", .. parts]);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "vibedom.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("vibedom.slnx not found above " + AppContext.BaseDirectory);
    }
}
