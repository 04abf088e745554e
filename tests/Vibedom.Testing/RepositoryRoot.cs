namespace Vibedom.Testing;

/// <summary>The checkout's root (the folder holding vibedom.slnx) and ../shared beside it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Shared => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));

    /// <summary>Go's build cache for tests that compile Go programs, kept across runs (artifacts/ is not in git).</summary>
    public static string GoCache => System.IO.Path.Combine(Path, "artifacts", "gocache");

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
