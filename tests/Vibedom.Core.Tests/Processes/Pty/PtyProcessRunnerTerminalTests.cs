using Vibedom.Core.Errors;
using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Native;
using Xunit;
using static Vibedom.Core.Tests.Processes.Pty.PtyTests;

namespace Vibedom.Core.Tests.Processes.Pty;

/// <summary>vibedom attached to a user's terminal (a fake one the test drives), the child on a pty of its own.</summary>
[Collection(Collection)]
public sealed class PtyProcessRunnerTerminalTests
{
    [Fact(Timeout = TimeLimit)]
    public async Task Child_gets_its_own_controlling_tty()
    {
        using var user = new FakeTerminal();

        var status = await user.RunAsync(Sh("test -t 0 && test -t 1 && test -t 2 && tty && exec 3</dev/tty && echo ctty-ok"), TestContext.Current.CancellationToken);

        var screen = await user.SettledScreenAsync();
        Assert.Equal(0, status);
        Assert.Contains("/dev/pts/", screen, StringComparison.Ordinal);
        Assert.DoesNotContain(user.DevicePath, screen, StringComparison.Ordinal);
        Assert.Contains("ctty-ok", screen, StringComparison.Ordinal);
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Child_sees_the_user_terminal_size_and_follows_resizes()
    {
        using var user = new FakeTerminal(rows: 31, columns: 101);

        var run = user.RunAsync(Sh("trap 'stty size' WINCH; stty size; while :; do sleep 0.05; done"), TestContext.Current.CancellationToken);
        await user.WaitForAsync("31 101");
        user.Resize(42, 123);
        LibC.Kill(LibC.GetPid(), LinuxConstants.SigWinch);
        await user.WaitForAsync("42 123");
        user.Type("\x03");

        Assert.Equal(130, await run);
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Ctrl_c_interrupts_the_child_not_vibedom()
    {
        using var user = new FakeTerminal();

        var run = user.RunAsync(Sh("echo ready; exec sleep 30"), TestContext.Current.CancellationToken);
        await user.WaitForAsync("ready");
        user.Type("\x03");

        Assert.Equal(130, await run);

        // vibedom (this process) is alive and can run the next command on the same terminal
        Assert.Equal(0, await user.RunAsync(ProcessSpec.Of("true"), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Keystrokes_reach_the_child_and_its_output_reaches_the_screen()
    {
        using var user = new FakeTerminal();

        var run = user.RunAsync(Sh("echo ready; read line; echo \"got:$line\""), TestContext.Current.CancellationToken);
        await user.WaitForAsync("ready");
        user.Type("hello\r");

        Assert.Equal(0, await run);
        Assert.Contains("got:hello", await user.SettledScreenAsync(), StringComparison.Ordinal);
    }

    [Theory(Timeout = TimeLimit)]
    [InlineData("true", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("kill -9 $$", 128 + 9)]
    [InlineData("kill -TERM $$", 128 + 15)]
    public async Task Exit_status_is_the_childs_as_a_shell_reports_it(string script, int expected)
    {
        using var user = new FakeTerminal();

        Assert.Equal(expected, await user.RunAsync(Sh(script), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Missing_command_fails_with_127_and_leaves_the_terminal_alone()
    {
        using var user = new FakeTerminal();

        var error = await Assert.ThrowsAsync<VibedomException>(() => user.RunAsync(ProcessSpec.Of("vibedom-no-such-command"), TestContext.Current.CancellationToken));

        Assert.Equal(127, error.ExitCode);
        Assert.True(user.CurrentSettings.SameAs(user.InitialSettings));
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Large_output_arrives_whole()
    {
        using var user = new FakeTerminal();

        var status = await user.RunAsync(Sh("head -c 1048576 /dev/zero | tr '\\0' x; echo END"), TestContext.Current.CancellationToken);

        var screen = await user.SettledScreenAsync();
        Assert.Equal(0, status);
        Assert.Equal(1048576, screen.Count(c => c == 'x'));
        Assert.EndsWith("END\r\n", screen, StringComparison.Ordinal);
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Trailing_output_written_just_before_exit_is_not_lost()
    {
        using var user = new FakeTerminal();

        var status = await user.RunAsync(Sh("head -c 100000 /dev/zero | tr '\\0' y; printf LAST; exit 7"), TestContext.Current.CancellationToken);

        var screen = await user.SettledScreenAsync();
        Assert.Equal(7, status);
        Assert.EndsWith("LAST", screen, StringComparison.Ordinal);
        Assert.Equal(100000, screen.Count(c => c == 'y'));
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Run_ends_with_the_child_even_if_a_stray_process_keeps_the_pty_open()
    {
        using var user = new FakeTerminal();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        var status = await user.RunAsync(Sh("(trap '' HUP; exec sleep 4) & echo \"stray:$!:\""), TestContext.Current.CancellationToken);

        var screen = await user.SettledScreenAsync();
        LibC.Kill(int.Parse(screen.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), LinuxConstants.SigKill);
        Assert.Equal(0, status);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(3), $"took {elapsed.Elapsed}");
    }
}
