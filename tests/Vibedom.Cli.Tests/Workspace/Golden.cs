using System.Runtime.CompilerServices;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

/// <summary>Compares output with a file under Expectations/; rewrites it only when VIBEDOM_UPDATE_GOLDEN=1.</summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string caller = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(caller))!, "Expectations");
        var file = Path.Combine(directory, name);
        if (Environment.GetEnvironmentVariable("VIBEDOM_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(file, actual);
            return;
        }

        Assert.True(File.Exists(file), $"no expectation {file}; run with VIBEDOM_UPDATE_GOLDEN=1 to write it");
        Assert.Equal(File.ReadAllText(file).ReplaceLineEndings("\n"), actual);
    }
}
