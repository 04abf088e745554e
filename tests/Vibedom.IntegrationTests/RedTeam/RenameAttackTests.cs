using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s29: a rename is one change, and <c>RenameDetector</c> hides its deleted half behind the new path. A flagged
/// path the agent moved away (<c>.npmrc</c>, whose <c>ignore-scripts=true</c> kept dependencies' install scripts from
/// running) lost its flag with it: <c>apply --yes</c> removed <c>.npmrc</c> without a word, where a plain deletion of it
/// is flagged and left. The rename now carries the flag of the path it leaves.
/// </summary>
public sealed class RenameAttackTests
{
    [Fact]
    public async Task A_flagged_file_the_agent_renamed_away_is_flagged_and_apply_yes_leaves_it()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".npmrc", "ignore-scripts=true\n"), ("src/app.js", "console.log('hi')\n"));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "mv .npmrc npmrc.bak && echo changed > src/app.js"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);

        Assert.True(apply.ExitCode == 0, apply.StandardError + apply.StandardOutput);
        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(workspace, "src", "app.js")));
        Assert.True(File.Exists(Path.Combine(workspace, ".npmrc")), "apply --yes removed the flagged .npmrc through an unflagged rename; it said:\n" + apply.StandardOutput);
        Assert.False(File.Exists(Path.Combine(workspace, "npmrc.bak")));
        Assert.Contains("!!!   R .npmrc -> npmrc.bak", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("!!! not applied: 1 flagged change(s)", apply.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("renamed from .npmrc: npm config", apply.StandardOutput, StringComparison.Ordinal);
    }
}
