using Vibedom.Core.Processes;
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

    [Fact]
    public async Task A_file_whose_name_is_not_utf8_is_reported_unscanned_not_as_secrets_and_yes_goes_on()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("python3", ["-c", "open(b'notes\\xff.txt','w').write('n')"]) { WorkingDirectory = workspace }, TestContext.Current.CancellationToken);

        var plain = await vibedom.RunAsync("run", workspace, "--", "sh", "-c", "echo STARTED");
        var hide = await vibedom.RunAsync("run", workspace, "--hide-flagged", "--", "sh", "-c", "echo STARTED");
        var yes = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "echo STARTED");

        // no terminal: cancelled, saying what is wrong (a file not scanned, why) and the flag that goes on: --hide-flagged
        // cannot hide a file without a finding, so it is not offered, and asking for it changes nothing
        foreach (var refused in new[] { plain, hide })
        {
            Assert.Equal(5, refused.ExitCode);
            Assert.Contains("not scanned: notes\uFFFD.txt (its name is not valid UTF-8", refused.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("no secrets found, but 1 file(s) could not be scanned (above) and there is no terminal to ask; rerun with --yes", refused.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("secrets found and", refused.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("secrets in the workspace", refused.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("STARTED", refused.StandardOutput, StringComparison.Ordinal);
        }

        Assert.True(yes.ExitCode == 0, yes.StandardOutput + yes.StandardError);
        Assert.Contains("STARTED", yes.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_terminal_a_high_risk_finding_names_both_flags_that_accept_it()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"));

        var refused = await vibedom.RunAsync("run", workspace, "--", "sh", "-c", "echo STARTED");

        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("rerun with --hide-flagged to hide their files from the agent, or --yes --allow-high-risk to accept them.", refused.StandardOutput, StringComparison.Ordinal);
    }
}
