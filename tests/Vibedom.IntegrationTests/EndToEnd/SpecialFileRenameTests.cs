using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Red team s30 (redteam14): the agent renames a file and puts a fifo where it was. The review matched conflicts by
/// path, so the rename took the fifo's refusal ("renamed from a.txt, which was special file"), was marked CONFLICT
/// under a heading saying the workspace changed, and apply then applied it all the same; once the user also edited
/// that file, both changes at its path were refused and <c>diff</c> and <c>apply</c> stopped with an internal error.
/// </summary>
public sealed class SpecialFileRenameTests
{
    [Fact]
    public async Task A_rename_beside_a_fifo_the_agent_left_at_its_old_path_is_judged_on_its_own()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "one\ntwo\nthree\n"));
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "mv a.txt b.txt && mkfifo a.txt"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.True(stat.ExitCode == 0, stat.StandardError);
        Assert.Contains("a.txt: special file (fifo, socket or device): never applied", stat.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("renamed from a.txt, which was", stat.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("changed in the workspace since", stat.StandardOutput, StringComparison.Ordinal);
        var rename = Assert.Single(stat.StandardOutput.Split('\n'), l => l.Contains("a.txt -> b.txt", StringComparison.Ordinal));
        Assert.DoesNotContain("CONFLICT", rename, StringComparison.Ordinal);

        // the user edits the file the agent renamed: the rename is now a conflict of its own, the fifo still refused
        File.AppendAllText(Path.Combine(workspace, "a.txt"), "mine\n");
        var again = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.True(again.ExitCode == 0, again.StandardError);
        Assert.Contains("b.txt: renamed from a.txt, which was changed in the workspace after the session started", again.StandardOutput, StringComparison.Ordinal);

        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);
        Assert.True(apply.ExitCode == 4, apply.StandardError + apply.StandardOutput);
        Assert.Equal("one\ntwo\nthree\nmine\n", File.ReadAllText(Path.Combine(workspace, "a.txt")));
        Assert.False(File.Exists(Path.Combine(workspace, "b.txt")));
    }
}
