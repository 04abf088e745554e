namespace Vibedom.Testing;

/// <summary>
/// The checkout's root (the folder holding vibedom.slnx) and the shared data beside it (<c>../shared</c>):
/// the one way tests find either.
/// </summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>gitleaks' default config, the conformance data in <c>../shared</c>.</summary>
    public static string GitleaksToml => Shared("conformance", "gitleaks", "gitleaks.toml");

    /// <summary>Go's build cache for tests that compile Go programs, kept across runs (artifacts/ is not in git).</summary>
    public static string GoCache => System.IO.Path.Combine(Path, "artifacts", "gocache");

    /// <summary>
    /// A path in the shared folder: the repository's sibling <c>../shared</c>, or from a worktree nested deeper,
    /// the nearest ancestor's <c>shared</c> that holds it.
    /// </summary>
    public static string Shared(params string[] parts)
    {
        for (var dir = Directory.GetParent(Path); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine([dir.FullName, "shared", .. parts]);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return System.IO.Path.GetFullPath(System.IO.Path.Combine([Path, "..", "shared", .. parts]));
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "vibedom.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("vibedom.slnx not found above " + AppContext.BaseDirectory);
    }
}
