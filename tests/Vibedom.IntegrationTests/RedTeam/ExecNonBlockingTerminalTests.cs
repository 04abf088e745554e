using Vibedom.IntegrationTests.EndToEnd;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s27: `vibedom exec` relays a terminal among its stdio through a pipe; the relay gave up at the first write the
/// terminal refused for now (EAGAIN), so on a terminal left non-blocking (by node, by a crashed TUI: the flag is the
/// terminal's, shared by every process on it) a command with much output lost the rest of it and died of SIGPIPE.
/// </summary>
public sealed class ExecNonBlockingTerminalTests
{
    private const string NonBlocking =
        "python3 -c 'import fcntl, os; fcntl.fcntl(2, fcntl.F_SETFL, fcntl.fcntl(2, fcntl.F_GETFL) | os.O_NONBLOCK)'";

    [Fact]
    public async Task Exec_relays_all_of_a_commands_output_to_a_terminal_left_non_blocking()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);
        await using var terminal = await TerminalSession.StartAsync(vibedom,
            $"{NonBlocking}; {VibedomBinary.Executable} exec live -- sh -c 'seq 1 200000 >&2; echo LAST-LINE >&2' < /dev/null > {vibedom.Root}/out.txt; echo EXEC-RC=$?");
        await terminal.WaitForAsync("EXEC-RC=");
        var (_, screen) = await terminal.EndAsync();

        var tail = screen[Math.Max(0, screen.Length - 600)..];
        Assert.True(screen.Contains("EXEC-RC=0", StringComparison.Ordinal), tail);
        Assert.True(screen.Contains("199999\r\n200000\r\nLAST-LINE", StringComparison.Ordinal), tail);
    }
}
