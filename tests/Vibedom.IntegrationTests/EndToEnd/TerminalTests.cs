using Vibedom.Testing;
using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>The terminal as a person sees it (captured through a real pseudo-terminal with `script`).</summary>
public sealed class TerminalTests
{
    [Fact]
    public async Task The_terminal_is_reset_after_the_agent_is_killed_mid_screen_and_before_the_review_is_drawn()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var agent = @"printf ""\033[?1049h\033[?25l\033[?1000h\033[?1h\033[31mAGENT-SCREEN""; echo x > f.txt; kill -9 $$";
        await using var tmux = await TmuxPane.StartAsync(vibedom, $"{VibedomBinary.Executable} run {workspace} --yes -- sh -c '{agent}'; stty -a; echo VIBEDOM-DONE");

        // the review is on the screen: by then the agent's alternate screen, hidden cursor, mouse mode and
        // application cursor keys must be gone, and its red must not colour the review
        var screen = await tmux.WaitForAsync("[k]eep");
        Assert.Equal("alternate=0 cursor=1 mouse=0 keypad-cursor=0", await tmux.FlagsAsync());
        Assert.Contains("pre-flight: no secrets found", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31m", await tmux.CaptureWithColoursAsync("[k]eep"), StringComparison.Ordinal);

        await tmux.SendKeysAsync("k");
        var end = await tmux.WaitForAsync("VIBEDOM-DONE");

        // vibedom left raw mode: the shell's terminal is cooked again
        Assert.Contains(" icanon", end, StringComparison.Ordinal);
        Assert.DoesNotContain("-icanon", end, StringComparison.Ordinal);
        Assert.Contains(" echo ", end, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_letter_at_the_preflight_prompt_asks_again_and_a_key_needs_no_enter()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"));

        // keys typed before the question shows are dropped: each is sent once the prompt is on the screen
        await using var tmux = await TmuxPane.StartAsync(vibedom, $"{VibedomBinary.Executable} run {workspace} -- sh -c 'echo STAR''TED'; echo EXIT=$?; echo VIBEDOM-DONE");
        await tmux.WaitForAsync("(default: cancel): ");
        await tmux.SendKeysAsync("z");
        await tmux.WaitForAsync("answer c to continue, h to hide the files, or x to cancel");
        await tmux.WaitUntilAsync(screen => screen.Split("(default: cancel):").Length > 2, "the question asked again");
        await tmux.SendKeysAsync("c");
        var result = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.Contains("EXIT=0", result, StringComparison.Ordinal);
        Assert.Contains("STARTED", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_pages_long_output_through_PAGER_at_a_terminal_and_not_when_redirected()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "seq 1 300 > many.txt");
        Assert.True(run.ExitCode == 0, run.StandardError);
        var pager = Path.Combine(vibedom.Root, "pager.sh");
        File.WriteAllText(pager, "#!/bin/sh\necho \"PAGER-RAN LESS=$LESS ARGS=$# FILE=$1\"\ncat \"$1\"\n");
        File.SetUnixFileMode(pager, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var id = (await vibedom.RunAsync("sessions", "--json")).StandardOutput.Split('"').First(w => w.StartsWith("session-", StringComparison.Ordinal));

        var paged = await vibedom.RunInTerminalAsync($"PAGER={pager} {VibedomBinary.Executable} diff");
        var redirected = await vibedom.RunInTerminalAsync($"PAGER={pager} {VibedomBinary.Executable} diff | cat");
        var ownLess = await vibedom.RunInTerminalAsync($"LESS=iR PAGER={pager} {VibedomBinary.Executable} diff");

        Assert.True(paged.ExitCode == 0, paged.StandardOutput);
        // the pager is given the diff by a name (less shows it in its prompt), not a temporary file's path
        Assert.Contains($"PAGER-RAN LESS=FRX ARGS=1 FILE=vibedom-diff-proj-{id}\r\n", paged.StandardOutput, StringComparison.Ordinal);
        // and the user's own LESS (the runner clears the environment: LESS=R never reached less)
        Assert.Contains("PAGER-RAN LESS=iR ARGS=1", ownLess.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+300", paged.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("PAGER-RAN", redirected.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+300", redirected.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(vibedom.Home, "run"), "diff-*"));
    }

    [Fact]
    public async Task Ctrl_c_while_the_pager_shows_a_diff_is_the_pagers_and_vibedom_waits_for_it_to_exit()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        Prerequisite.RequireCommand("less");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "seq 1 300 > many.txt");
        Assert.True(run.ExitCode == 0, run.StandardError);

        // the terminal sends Ctrl-C to the whole foreground group: less ignores it, vibedom must too (before, it died
        // of it, leaving less reading the terminal under the shell's prompt and its copy of the diff in run/)
        await using var tmux = await TmuxPane.StartAsync(vibedom, $"cd {workspace}; PAGER='less -R' {VibedomBinary.Executable} diff; echo EXIT=$?; echo VIBEDOM-DONE");
        await tmux.WaitForAsync("+40");
        // less's prompt names the diff, not the temporary file's path under ~/.vibedom/run
        Assert.DoesNotContain("/run/", await tmux.WaitForAsync("vibedom-diff-proj-session-"), StringComparison.Ordinal);
        await tmux.SendKeyAsync("C-c");
        await tmux.SendKeysAsync("q");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.Contains("EXIT=0", screen, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(vibedom.Home, "run"), "diff-*"));
    }
}
