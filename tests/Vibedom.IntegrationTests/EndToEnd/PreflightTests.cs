using Vibedom.Testing;
using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>The pre-flight review through the real binary: a planted .env is shown (never its value) and the answer is respected.</summary>
public sealed class PreflightTests
{
    [Fact]
    public async Task Planted_env_is_reviewed_at_a_terminal_and_cancel_starts_nothing()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var secret = TestSecrets.StripeLiveKey;
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={secret}\n"));

        // answered at a real terminal once the question shows (keys typed before it are dropped)
        await using (var tmux = await TmuxPane.StartAsync(vibedom, $"{VibedomBinary.Executable} run {workspace} -- sh -c 'echo STAR''TED'; echo EXIT=$?; echo VIBEDOM-DONE"))
        {
            await tmux.WaitForAsync("(default: cancel): ");
            await tmux.SendKeysAsync("x");
            var cancelled = await tmux.WaitForAsync("VIBEDOM-DONE");

            Assert.Contains("EXIT=5", cancelled, StringComparison.Ordinal);
            Assert.Contains(".env", cancelled, StringComparison.Ordinal);
            Assert.Contains("HIGH", cancelled, StringComparison.Ordinal);
            Assert.DoesNotContain("STARTED", cancelled, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, cancelled, StringComparison.Ordinal);
        }

        await using (var tmux = await TmuxPane.StartAsync(vibedom, $"{VibedomBinary.Executable} run {workspace} -- sh -c 'echo STAR''TED'; echo EXIT=$?; echo VIBEDOM-DONE"))
        {
            await tmux.WaitForAsync("(default: cancel): ");
            await tmux.SendKeysAsync("c");
            var continued = await tmux.WaitForAsync("VIBEDOM-DONE");

            Assert.Contains("EXIT=0", continued, StringComparison.Ordinal);
            Assert.Contains("STARTED", continued, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task High_risk_findings_need_allow_high_risk_even_with_yes()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"));

        var refused = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "echo STARTED");
        var allowed = await vibedom.RunAsync("run", workspace, "--yes", "--allow-high-risk", "--", "sh", "-c", "echo STARTED");

        Assert.Equal(5, refused.ExitCode);
        Assert.DoesNotContain("STARTED", refused.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("STARTED", allowed.StandardOutput, StringComparison.Ordinal);
    }
}
