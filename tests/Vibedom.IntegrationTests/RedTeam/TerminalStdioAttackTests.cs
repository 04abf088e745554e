using Vibedom.Testing;
using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// A foreground run where only some of stdin, stdout, stderr are the user's terminal (`vibedom run WS -- agent &gt; log`)
/// handed that terminal itself to the agent: rootless, `chmod 666 /proc/self/fd/0` inside left the user's /dev/pts/N
/// world-writable after the session. Each terminal descriptor is now a pty of vibedom's, relayed: the agent still sees
/// a tty there (an agent that reads a piped stdin as its prompt must not), keys still reach it, the file gets its bytes.
/// In a real terminal (tmux) handed to an ordinary user (uid 65534), as a login's is.
/// </summary>
public sealed class TerminalStdioAttackTests
{
    [Fact]
    public async Task A_rootless_agent_whose_output_goes_to_a_file_cannot_chmod_the_users_terminal_on_its_stdin()
    {
        using var vibedom = await NobodysAsync();
        var workspace = Path.Combine(vibedom.Root, "projects", "proj");
        const string agent = "chmod 666 /proc/self/fd/0 2>/dev/null; [ -t 0 ] && echo stdin-is-a-tty; echo AGENT-READY >&2; " +
                             "read line; printf \"got:%s\\n\" \"$line\"; printf \"a\\tb\\r\\nc\\n\"";

        await using var tmux = await InPaneAsync(vibedom, $"run {workspace} --yes -- sh -c '{agent}' > {vibedom.Root}/out.txt");
        await tmux.WaitForAsync("AGENT-READY");
        await tmux.SendKeysAsync("hello");
        await tmux.SendKeyAsync("Enter");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.True(screen.Contains("EXIT=0", StringComparison.Ordinal), screen);
        Assert.True(screen.Contains("BEFORE=620", StringComparison.Ordinal) && screen.Contains("AFTER=620", StringComparison.Ordinal), "the user's terminal changed mode:\n" + screen);
        var output = await File.ReadAllTextAsync(Path.Combine(vibedom.Root, "out.txt"), TestContext.Current.CancellationToken);
        Assert.Contains("stdin-is-a-tty\ngot:hello\na\tb\r\nc\n", output, StringComparison.Ordinal); // the file's bytes as written, no pty's CR-LF
        Assert.DoesNotContain('\u001b', output); // the terminal's reset after the agent goes to the terminal, not into the file
    }

    [Fact]
    public async Task A_rootless_agent_whose_input_is_a_file_cannot_chmod_the_users_terminal_on_its_stdout()
    {
        using var vibedom = await NobodysAsync();
        var workspace = Path.Combine(vibedom.Root, "projects", "proj");
        var task = Path.Combine(vibedom.Root, "task.txt");
        await File.WriteAllTextAsync(task, "the task\n", TestContext.Current.CancellationToken);
        const string agent = "chmod 666 /proc/self/fd/1 /proc/self/fd/2 2>/dev/null; [ -t 1 ] && echo stdout-is-a-tty; [ -t 0 ] || echo stdin-is-no-tty; sed s/^/read:/";

        await using var tmux = await InPaneAsync(vibedom, $"run {workspace} --yes -- sh -c '{agent}' < {task}");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.True(screen.Contains("EXIT=0", StringComparison.Ordinal), screen);
        Assert.True(screen.Contains("BEFORE=620", StringComparison.Ordinal) && screen.Contains("AFTER=620", StringComparison.Ordinal), "the user's terminal changed mode:\n" + screen);
        Assert.Contains("stdout-is-a-tty\nstdin-is-no-tty\nread:the task\n", screen, StringComparison.Ordinal);
    }

    private static async Task<VibedomBinary> NobodysAsync()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        Prerequisite.RequireCommand("setpriv");
        var vibedom = new VibedomBinary();
        vibedom.Workspace("proj", ("a.txt", "a\n"));
        await vibedom.GiveToNobodyAsync();
        return vibedom;
    }

    /// <summary>The pane's terminal given to uid 65534 (mode 620, as login makes it), vibedom run as that user, the terminal's mode after.</summary>
    private static Task<TmuxPane> InPaneAsync(VibedomBinary vibedom, string arguments) => TmuxPane.StartAsync(vibedom,
        $"chown 65534 $(tty) && chmod 620 $(tty) && stat -c BEFORE=%a $(tty) && cd {vibedom.Root} && " +
        $"setpriv --reuid=65534 --regid=65534 --clear-groups -- {VibedomBinary.Executable} {arguments}; echo EXIT=$?; stat -c AFTER=%a $(tty); echo VIBEDOM-DONE");
}
