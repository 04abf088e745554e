using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// The same outcome reads the same everywhere, through the real binary: screen and session.log count
/// the same changes, a skipped conflict is exit 4 with or without --yes, and stop and discard say what
/// actually happened to a session's changes.
/// </summary>
public sealed class OutcomeTests
{
    [Fact]
    public async Task Apply_counts_the_same_changes_on_screen_and_in_the_session_log()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"));
        await RunYesAsync(vibedom, workspace, "mkdir -p lib/util && echo 1 > lib/util/x.js && echo 2 > lib/y.js && echo new > a.txt");

        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);

        Assert.True(apply.ExitCode == 0, apply.StandardError);
        Assert.Contains("applied 3 change(s)", apply.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Applied 3 change(s)", SessionLog(vibedom), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_counts_the_changes_it_reverts_as_apply_counted_them()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"), ("gone/b.txt", "b\n"));
        await RunYesAsync(vibedom, workspace, "mkdir -p lib/util && echo 1 > lib/util/x.js && echo 2 > lib/y.js && echo new > a.txt && rm -r gone");
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);
        Assert.True(apply.ExitCode == 0, apply.StandardError);
        Assert.Contains("applied 4 change(s)", apply.StandardOutput, StringComparison.Ordinal);

        var undo = await vibedom.RunAsync(["undo"], input: null, workingDirectory: workspace);

        // the folders the apply made (lib, lib/util) or removed (gone) are implied by the files in them, as on every screen
        Assert.True(undo.ExitCode == 0, undo.StandardError);
        Assert.Contains(": 4 change(s) reverted", undo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Undid apply 1: 4 change(s) reverted, 0 left alone", SessionLog(vibedom), StringComparison.Ordinal);
        Assert.Equal("b\n", File.ReadAllText(Path.Combine(workspace, "gone", "b.txt")));
        Assert.False(Directory.Exists(Path.Combine(workspace, "lib")));
    }

    [Fact]
    public async Task Interactive_apply_with_a_skipped_conflict_exits_4_like_yes()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"), ("b.txt", "old\n"));
        await RunYesAsync(vibedom, workspace, "echo agent > a.txt; echo agent > b.txt");
        File.WriteAllText(Path.Combine(workspace, "a.txt"), "the user's own edit\n");

        await using var terminal = await TerminalSession.StartAsync(vibedom, $"{VibedomBinary.Executable} apply", workspace);
        await terminal.WaitForAsync("[q]uit [d]iff: ");
        terminal.Type("y\n");
        var (code, screen) = await terminal.EndAsync();

        Assert.True(code == 4, $"exit {code}:\n{screen}");
        Assert.Contains("not applied: a.txt", screen, StringComparison.Ordinal);
        Assert.Equal("the user's own edit\n", File.ReadAllText(Path.Combine(workspace, "a.txt")));
        Assert.Equal("agent\n", File.ReadAllText(Path.Combine(workspace, "b.txt")));
    }

    [Fact]
    public async Task Stop_on_a_finished_session_says_its_changes_were_applied()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"));
        await RunYesAsync(vibedom, workspace, "echo new > a.txt");
        Assert.Equal(0, (await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace)).ExitCode);

        var stop = await vibedom.RunAsync(["stop"], input: null, workingDirectory: workspace);

        Assert.True(stop.ExitCode == 0, stop.StandardError);
        Assert.DoesNotContain("changed nothing", stop.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("its changes were applied", stop.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_on_a_session_that_already_ended_says_so()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"));
        await RunYesAsync(vibedom, workspace, "echo new > a.txt");

        var stop = await vibedom.RunAsync(["stop", "--keep"], input: null, workingDirectory: workspace);

        Assert.True(stop.ExitCode == 0, stop.StandardError);
        Assert.Contains(") had already ended (exited): nothing to stop.", stop.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Stopped", stop.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("changes kept", stop.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_on_a_session_still_recorded_as_running_whose_sandbox_ended_says_it_had_already_ended()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"));
        await RunYesAsync(vibedom, workspace, "echo new > a.txt");
        var record = Directory.GetFiles(Path.Combine(vibedom.Home, "logs"), "session.json", SearchOption.AllDirectories).Single();
        File.WriteAllText(record, File.ReadAllText(record).Replace("\"state\": \"Exited\"", "\"state\": \"Running\"", StringComparison.Ordinal));

        var stop = await vibedom.RunAsync(["stop", "--keep"], input: null, workingDirectory: workspace);

        Assert.True(stop.ExitCode == 0, stop.StandardError);
        Assert.Contains(") had already ended (exited): nothing to stop.", stop.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Stopped", stop.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discard_with_nothing_to_discard_says_so_without_asking()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"));
        await RunYesAsync(vibedom, workspace, "true");

        var discard = await vibedom.RunAsync(["discard"], input: null, workingDirectory: workspace);

        Assert.True(discard.ExitCode == 0, discard.StandardError);
        Assert.Contains("nothing to discard in session", discard.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("[y/N]", discard.StandardOutput, StringComparison.Ordinal);
    }

    private static async Task RunYesAsync(VibedomBinary vibedom, string workspace, string script)
    {
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", script], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);
    }

    private static string SessionLog(VibedomBinary vibedom) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(vibedom.Home, "logs"), "session.log", SearchOption.AllDirectories).Single());
}
