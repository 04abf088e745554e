using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// The optional SESSION before PATH... through the real binary, from inside the workspace: a file the agent added (not on
/// disk yet) is a path to diff and apply, and discard and undo, which act on the whole session, refuse a path rather than
/// drop or revert every file when asked about one.
/// </summary>
public sealed class SessionPathArgumentTests
{
    [Fact]
    public async Task A_file_the_agent_added_is_a_path_to_diff_and_apply_not_an_unknown_session()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "echo new > added.txt; echo other > other.txt");
        Assert.True(run.ExitCode == 0, run.StandardError);

        var diff = await vibedom.RunAsync(["diff", "added.txt"], input: null, workingDirectory: workspace);
        var apply = await vibedom.RunAsync(["apply", "--yes", "added.txt"], input: null, workingDirectory: workspace);

        // before: "unknown session 'added.txt'", exit 2, for both
        Assert.True(diff.ExitCode == 0, diff.StandardError);
        Assert.Contains("+++ b/added.txt", diff.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("other.txt", diff.StandardOutput, StringComparison.Ordinal);
        Assert.True(apply.ExitCode == 0, apply.StandardError);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(workspace, "added.txt")));
        Assert.False(File.Exists(Path.Combine(workspace, "other.txt")));
    }

    [Fact]
    public async Task A_word_that_names_no_session_and_no_change_is_still_an_unknown_session()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        Assert.Equal(0, (await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "echo new > added.txt")).ExitCode);

        var diff = await vibedom.RunAsync(["diff", "sesion-typo"], input: null, workingDirectory: workspace);

        FirstHourMessagesTests.AssertOneLine(diff, 2, "unknown session 'sesion-typo'");
    }

    [Theory]
    [InlineData("discard", "--yes")]
    [InlineData("undo", null)]
    public async Task Discard_and_undo_refuse_a_path_instead_of_acting_on_every_file(string verb, string? yes)
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "echo one > one.txt; echo two > two.txt; echo more >> a.txt");
        Assert.True(run.ExitCode == 0, run.StandardError);
        var applied = await vibedom.RunAsync(["apply", "--yes", "one.txt", "two.txt"], input: null, workingDirectory: workspace);
        Assert.True(applied.ExitCode == 0, applied.StandardError);

        var result = await vibedom.RunAsync([verb, .. yes is null ? Array.Empty<string>() : [yes], "./two.txt"], input: null, workingDirectory: workspace);

        // before: discard dropped all three changes (a.txt's too) and undo reverted one.txt as well, both exit 0
        FirstHourMessagesTests.AssertOneLine(result, 2, $"'./two.txt' is not a session, and {verb} takes no PATH: it ");
        Assert.Equal("one\n", File.ReadAllText(Path.Combine(workspace, "one.txt")));
        Assert.Equal("two\n", File.ReadAllText(Path.Combine(workspace, "two.txt")));
        var left = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.Contains("a.txt", left.StandardOutput, StringComparison.Ordinal);
    }
}
