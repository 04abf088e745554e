using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

/// <summary>Compares output with a file under tests/Vibedom.Cli.Tests/Expectations/; rewrites it only when VIBEDOM_UPDATE_GOLDEN=1.</summary>
internal static class Golden
{
    private static readonly Lazy<string> Directory = new(Locate);

    public static void Verify(string name, string actual)
    {
        var file = Path.Combine(Directory.Value, name);
        if (Environment.GetEnvironmentVariable("VIBEDOM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(file, actual);
            return;
        }

        Assert.True(File.Exists(file), $"no expectation {file}; run with VIBEDOM_UPDATE_GOLDEN=1 to write it");
        Assert.Equal(File.ReadAllText(file).ReplaceLineEndings("\n"), actual);
    }

    /// <summary>The source folder, found upwards from the test binary (artifacts/ sits in the repository).</summary>
    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Vibedom.Cli.Tests", "Expectations");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/Vibedom.Cli.Tests/Expectations not found above {AppContext.BaseDirectory}");
    }
}
