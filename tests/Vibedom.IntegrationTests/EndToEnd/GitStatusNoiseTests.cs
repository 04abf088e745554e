using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// An agent that only runs <c>git status</c> leaves nothing to review: git's opportunistic index refresh is off inside,
/// so no flagged <c>.git/index</c> change trains the user to skip flags. (<c>git diff</c> still refreshes the index:
/// git 2.39 does so whatever <c>GIT_OPTIONAL_LOCKS</c> says; docs/REVIEW.md.)
/// </summary>
public sealed class GitStatusNoiseTests
{
    [Fact]
    public async Task Git_status_inside_leaves_no_change_to_review()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("git");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"), ("src/b.py", "print('b')\n"));
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.name=u", "-c", "user.email=u@example.invalid", "commit", "-q", "-m", "init"] })
        {
            var git = await ProcessRunner.Default.RunAsync(new ProcessSpec("git", args) { WorkingDirectory = workspace }, TestContext.Current.CancellationToken);
            Assert.True(git.Succeeded, git.StandardError);
        }

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "git status --short && git status && echo LOOKED"], input: null);
        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains("LOOKED", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(".git/index", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("no changes\n", stat.StandardOutput);
    }
}
