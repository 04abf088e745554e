using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>`vibedom attach` at a terminal, captured through a real pseudo-terminal (`script`).</summary>
public sealed class AttachTerminalTests
{
    [Fact]
    public async Task Attach_gives_a_real_tty_of_the_sandbox_and_the_callers_TERM()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);
        var attach = await vibedom.RunInTerminalAsync(
            $"TERM=screen-256color {VibedomBinary.Executable} attach live",
            input: "echo \"TTY=$(tty)\"; echo \"TERM=$TERM\"; test -t 0 && echo STDIN-IS-A-TTY; exit\n");

        Assert.True(attach.ExitCode == 0, attach.StandardOutput);
        Assert.Matches(@"TTY=/dev/pts/\d+", attach.StandardOutput);
        Assert.DoesNotContain("not a tty", attach.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TERM=screen-256color", attach.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("STDIN-IS-A-TTY", attach.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(vibedom.Home, "run"), "exec-*.env", SearchOption.AllDirectories));
    }
}
