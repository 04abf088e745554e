using Vibedom.IntegrationTests.EndToEnd;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s25: `vibedom exec` with its output redirected (`> file`, `| less`) used to hand the user's terminal, still
/// their stdin (or stderr), straight into a detached sandbox. Agent-written code the user runs that way (`npm test`)
/// left a process holding it, which read what the user typed into their own shell after exec returned.
/// </summary>
public sealed class ExecTerminalAttackTests
{
    private const string Agent =
        "head -n1 > got.txt; exec 3<&0; (head -n1 <&3 > stolen.txt; echo > reader-done.txt) >/dev/null 2>&1 & echo started";

    [Fact]
    public async Task A_process_left_by_exec_with_redirected_output_cannot_read_what_the_user_types_afterwards()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);
        await using var terminal = await TerminalSession.StartAsync(vibedom,
            $"{VibedomBinary.Executable} exec live -- sh -c 'echo READY >&2; {Agent}' > {vibedom.Root}/out.txt; echo EXEC-RETURNED; sleep 4; echo SHELL-DONE");
        await terminal.WaitForAsync("READY");
        terminal.Type("typed-during-exec\n");
        await terminal.WaitForAsync("EXEC-RETURNED");
        terminal.Type("typed-after-exec\n"); // meant for the user's shell, not for the sandbox
        await terminal.WaitForAsync("SHELL-DONE");
        await terminal.EndAsync();

        var changes = Path.Combine(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Single(), "changes");
        Assert.Equal("typed-during-exec\n", await File.ReadAllTextAsync(Path.Combine(changes, "got.txt"), TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(changes, "reader-done.txt")), "the process left behind found its stdin at its end");
        Assert.DoesNotContain("typed-after-exec", await File.ReadAllTextAsync(Path.Combine(changes, "stolen.txt"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("started\n", await File.ReadAllTextAsync(Path.Combine(vibedom.Root, "out.txt"), TestContext.Current.CancellationToken));
    }
}
