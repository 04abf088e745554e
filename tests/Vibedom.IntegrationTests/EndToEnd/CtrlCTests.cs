using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Ctrl-C typed at each of vibedom's prompts, at a real terminal through the real binary: one line, exit 5
/// (cancelled), no stack trace, no run/net-* folder left, nothing applied; a session cancelled at the pre-flight is
/// not kept.
/// </summary>
public sealed class CtrlCTests
{
    private const string CtrlC = "\u0003";

    [Theory]
    [InlineData("")]
    [InlineData("--detach ")]
    public async Task Ctrl_c_at_the_preflight_review_cancels_and_leaves_nothing_behind(string detach)
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"));

        await using var terminal = await TerminalSession.StartAsync(vibedom, $"{VibedomBinary.Executable} run {workspace} {detach}-- sh -c 'echo STARTED-$((40+2))'");
        await terminal.WaitForAsync("cancel): ");
        terminal.Type(CtrlC);
        var (code, screen) = await terminal.EndAsync();

        Assert.True(code == 5, $"exit {code}:\n{screen}");
        AssertOneCancelLine(screen, "vibedom: cancelled at the pre-flight review; nothing was started");
        Assert.DoesNotContain("STARTED-42", screen, StringComparison.Ordinal);
        AssertNoNetworkFolder(vibedom);
        var sessions = await vibedom.RunAsync("sessions", "--json");
        Assert.Equal("[]", sessions.StandardOutput.Trim()); // nothing ran: no session to list, review or prune
    }

    [Fact]
    public async Task Ctrl_c_at_the_review_after_a_run_cancels_and_keeps_the_changes()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"));

        await using var terminal = await TerminalSession.StartAsync(vibedom, $"{VibedomBinary.Executable} run {workspace} -- sh -c 'echo new > a.txt'");
        await terminal.WaitForAsync("[k]eep for later? ");
        terminal.Type(CtrlC);
        var (code, screen) = await terminal.EndAsync();

        Assert.True(code == 5, $"exit {code}:\n{screen}");
        AssertOneCancelLine(screen, "vibedom: cancelled at the review; the changes are kept");
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(workspace, "a.txt")));
        AssertNoNetworkFolder(vibedom);
        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.Contains("a.txt", stat.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_at_the_apply_prompt_cancels_and_applies_nothing()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "old\n"), ("b.txt", "old\n"));
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo new > a.txt; echo new > b.txt"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        await using var terminal = await TerminalSession.StartAsync(vibedom, $"{VibedomBinary.Executable} apply", workspace);
        await terminal.WaitForAsync("[q]uit [d]iff: ");
        terminal.Type("y\n");
        await terminal.WaitForAsync("[2/2]");
        terminal.Type(CtrlC);
        var (code, screen) = await terminal.EndAsync();

        Assert.True(code == 5, $"exit {code}:\n{screen}");
        AssertOneCancelLine(screen, "vibedom: cancelled at the apply prompt; nothing was applied");
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(workspace, "a.txt")));
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(workspace, "b.txt")));
    }

    private static void AssertOneCancelLine(string screen, string expected)
    {
        Assert.Single(screen.Split('\n'), l => l.StartsWith("vibedom: ", StringComparison.Ordinal) && !l.StartsWith("vibedom: initialised", StringComparison.Ordinal));
        Assert.Contains(expected, screen, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", screen, StringComparison.Ordinal);
    }

    private static void AssertNoNetworkFolder(VibedomBinary vibedom)
    {
        var run = Path.Combine(vibedom.Home, "run");
        Assert.Empty(Directory.Exists(run) ? Directory.GetDirectories(run, "net-*") : []);
    }
}
