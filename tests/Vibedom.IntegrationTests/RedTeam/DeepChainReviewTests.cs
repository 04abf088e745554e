using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s30: one chain of 3,000 one-letter folders the agent added made <c>diff --stat</c> look at every folder
/// above each change in the workspace, 1.33 million <c>lstat</c> calls and 11 CPU seconds; <c>apply</c> did it twice
/// more and <c>undo</c> once more over the chain applied. Each folder is now looked at once per review, and nothing
/// below a missing one at all. The work is counted (stat calls through <c>strace -c</c>), not timed.
/// </summary>
public sealed class DeepChainReviewTests
{
    private const int Depth = 3000;

    /// <summary>Stat calls a command may make per folder of the chain (the review, the apply, the undo each).</summary>
    private const int PerFolder = 20;

    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Diff_apply_and_undo_of_a_folder_chain_3000_deep_stat_each_folder_a_bounded_number_of_times()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        Prerequisite.RequireCommand("strace");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("README.md", "a project\n"));
        try
        {
            var agent = $"import os\nfor i in range({Depth.ToString(CultureInfo.InvariantCulture)}):\n    os.mkdir('d'); os.chdir('d')\nopen('deep.txt','w').write('deep')";
            var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "python3", "-c", agent], input: null, timeout: Generous);
            Assert.True(run.ExitCode == 0, run.StandardError);

            var (stat, statCalls) = await StatCallsAsync(vibedom, workspace, "diff", "--stat");
            AssertBounded("diff --stat", statCalls);
            Assert.True(stat.ExitCode == 0, stat.StandardError);
            Assert.Contains("directory REFUSED", stat.StandardOutput, StringComparison.Ordinal);

            // the chain up to 4,000 bytes of path is applied, what is deeper refused
            var (apply, applyCalls) = await StatCallsAsync(vibedom, workspace, "apply", "--yes");
            AssertBounded("apply --yes", applyCalls);
            Assert.True(apply.ExitCode == 4, apply.StandardError + apply.StandardOutput);
            Assert.True(Directory.Exists(Path.Combine(workspace, "d", "d", "d")));

            var (undo, undoCalls) = await StatCallsAsync(vibedom, workspace, "undo");
            AssertBounded("undo", undoCalls);
            Assert.True(undo.ExitCode == 0, undo.StandardError + undo.StandardOutput);
            Assert.False(Directory.Exists(Path.Combine(workspace, "d")));
        }
        finally
        {
            // what the test's own clean-up cannot remove (.NET's recursive delete stops at PATH_MAX)
            await ProcessRunner.Default.RunAsync(new ProcessSpec("rm", ["-rf", Path.Combine(vibedom.Home, "logs"), Path.Combine(workspace, "d")]) { Timeout = TimeSpan.FromSeconds(60) }, TestContext.Current.CancellationToken);
        }
    }

    private static void AssertBounded(string command, long calls) =>
        Assert.True(calls < PerFolder * Depth, $"{command} made {calls} stat calls for a chain {Depth} deep (unfinished in time if {long.MaxValue}); the bound is {PerFolder * Depth}");

    /// <summary>Runs the binary under <c>strace -f -c</c>, counting only the stat calls (lstat is statx or newfstatat).</summary>
    private static async Task<(ProcessResult Result, long StatCalls)> StatCallsAsync(VibedomBinary vibedom, string workspace, params string[] args)
    {
        var counts = Path.Combine(vibedom.Root, "strace-" + args[0] + ".txt");
        var spec = new ProcessSpec("strace", ["-f", "--seccomp-bpf", "-c", "-o", counts, "-e", "trace=stat,lstat,newfstatat,statx", VibedomBinary.Executable, .. args])
        {
            Environment = vibedom.Environment(),
            WorkingDirectory = workspace,
            Timeout = Generous,
        };
        var result = await ProcessRunner.Default.RunAsync(spec, TestContext.Current.CancellationToken);
        var total = File.Exists(counts) ? File.ReadLines(counts).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).LastOrDefault(f => f is [.., "total"]) : null;
        return (result, total is [_, _, _, var calls, ..] ? long.Parse(calls, CultureInfo.InvariantCulture) : long.MaxValue);
    }
}
