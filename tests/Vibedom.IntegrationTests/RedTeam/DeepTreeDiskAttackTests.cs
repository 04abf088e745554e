using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s28: the disk watcher measured changes/ by full paths, and a path past PATH_MAX cannot be stat'ed: what the
/// agent wrote below a folder chain 1,400 deep (4,200 bytes) counted nothing, so 300 MB went to the host's disk under
/// <c>disk = "20M"</c> and the sandbox ran on. The watcher now walks by descriptor, one name at a time.
/// </summary>
public sealed class DeepTreeDiskAttackTests
{
    /// <summary>A chain of <c>{0}</c> folders, 192 MiB written at its bottom (1 MiB a write), then a wait to be stopped.</summary>
    private const string Agent = """
        import os, time
        top = os.getcwd()
        for i in range({0}):
            os.mkdir('dd'); os.chdir('dd')
        with open('big.bin', 'wb') as f:
            for i in range({1}):
                f.write(b'x' * 1048576)
        time.sleep(30)
        open(os.path.join(top, 'late.txt'), 'w').write('not stopped')
        """;

    [Fact]
    public async Task What_the_agent_writes_below_path_max_counts_against_the_disk_limit()
    {
        using var vibedom = await SetUpAsync("disk = \"20M\"\n");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        try
        {
            var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "python3", "-c", Script(1400, 192)], input: null, timeout: TimeSpan.FromMinutes(3));

            var session = Assert.Single(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*"));
            Assert.True(run.ExitCode == 128 + 9, $"exit {run.ExitCode}: the sandbox ran on past the disk limit");
            Assert.Contains("disk limit 20 MiB of changes/ reached", run.StandardOutput, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(session, "changes", "late.txt")));
        }
        finally
        {
            await RemoveDeepTreeAsync(vibedom);
        }
    }

    [Fact]
    public async Task A_folder_chain_too_deep_to_measure_stops_the_sandbox()
    {
        using var vibedom = await SetUpAsync("disk = \"1G\"\n");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        try
        {
            var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "python3", "-c", Script(5000, 0)], input: null, timeout: TimeSpan.FromMinutes(3));

            var session = Assert.Single(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*"));
            Assert.True(run.ExitCode == 128 + 9, $"exit {run.ExitCode}: the sandbox ran on with changes/ unmeasured");
            Assert.Contains("changes/ holds folders nested deeper than the disk watcher measures (4096): the sandbox was stopped", run.StandardOutput, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(session, "changes", "late.txt")));
        }
        finally
        {
            await RemoveDeepTreeAsync(vibedom);
        }
    }

    private static string Script(int depth, int mebibytes) =>
        Agent.Replace("{0}", depth.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{1}", mebibytes.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static async Task<VibedomBinary> SetUpAsync(string limits)
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.AppendAllText(Path.Combine(vibedom.Home, "config.toml"), limits); // the template ends in [limits]
        return vibedom;
    }

    /// <summary>What the test's own clean-up cannot remove (.NET's recursive delete stops at PATH_MAX).</summary>
    private static Task RemoveDeepTreeAsync(VibedomBinary vibedom) =>
        ProcessRunner.Default.RunAsync(new ProcessSpec("rm", ["-rf", Path.Combine(vibedom.Home, "logs")]) { Timeout = TimeSpan.FromSeconds(60) }, TestContext.Current.CancellationToken);
}
