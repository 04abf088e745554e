using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>The pre-flight review through the real binary: a planted .env is shown (never its value) and the answer is respected.</summary>
public sealed class PreflightTests
{
    [Fact]
    public async Task Planted_env_is_reviewed_at_a_terminal_and_cancel_starts_nothing()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var secret = TestSecrets.StripeLiveKey;
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={secret}\n"));

        var cancelled = await vibedom.RunInTerminalAsync($"{VibedomBinary.Executable} run {workspace} -- sh -c 'echo STARTED'", input: "x\n");

        Assert.Equal(5, cancelled.ExitCode);
        Assert.Contains(".env", cancelled.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("HIGH", cancelled.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTED", cancelled.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, cancelled.StandardOutput, StringComparison.Ordinal);

        var continued = await vibedom.RunInTerminalAsync($"{VibedomBinary.Executable} run {workspace} -- sh -c 'echo STARTED'", input: "c\nk\n");

        Assert.Equal(0, continued.ExitCode);
        Assert.Contains("STARTED", continued.StandardOutput, StringComparison.Ordinal);
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
