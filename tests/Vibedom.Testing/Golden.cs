using System.Runtime.CompilerServices;
using Xunit;

namespace Vibedom.Testing;

/// <summary>
/// Golden files under the test project's Expectations/ folder. A mismatch fails; setting
/// VIBEDOM_UPDATE_GOLDEN=1 rewrites the file instead (review the diff before committing).
/// </summary>
public static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var project = FindProjectDirectory(Path.GetDirectoryName(callerFile)!);
        var path = Path.Combine(project, "Expectations", name);
        var normalized = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("VIBEDOM_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the test with VIBEDOM_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), normalized);
    }

    private static string FindProjectDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any())
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no test project above {start}");
    }
}
