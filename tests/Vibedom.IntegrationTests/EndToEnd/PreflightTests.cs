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

    /// <summary>
    /// A file whose name is not UTF-8 (byte 0xff) is scanned by the bytes of its name: its secret is a finding like any
    /// other, shown with the name escaped, and the run goes on only after review (here: the flags that accept a HIGH
    /// risk). It cannot be hidden (the sandbox masks by UTF-8 names): asking for that starts nothing. The old scan could not
    /// open it and listed it as not scanned, and --yes alone went on with its value unknown to DLP.
    /// </summary>
    [Fact]
    public async Task A_secret_in_a_file_whose_name_is_not_utf8_is_found_shown_escaped_and_needs_review()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await ProcessRunner.Default.RunCheckedAsync(
            new ProcessSpec("python3", ["-c", "import sys; open(b'notes\\xff.env','w').write(sys.argv[1])", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"]) { WorkingDirectory = workspace },
            TestContext.Current.CancellationToken);

        var plain = await vibedom.RunAsync("run", workspace, "--", "sh", "-c", "echo STARTED");
        var yes = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "echo STARTED");
        var hide = await vibedom.RunAsync("run", workspace, "--hide-flagged", "--", "sh", "-c", "echo STARTED");
        var scan = await vibedom.RunAsync("scan", workspace, "--format", "json");
        var accepted = await vibedom.RunAsync("run", workspace, "--yes", "--allow-high-risk", "--", "sh", "-c", "echo STARTED");

        foreach (var refused in new[] { plain, yes })
        {
            Assert.Equal(5, refused.ExitCode);
            Assert.Contains("secrets in the workspace", refused.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("notes\\xff.env:1", refused.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("not scanned", refused.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("STARTED", refused.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.StripeLiveKey, refused.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Contains("secrets found and no terminal to ask", plain.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, hide.ExitCode);
        Assert.Contains("cannot hide notes\\xff.env from the agent: its name is not valid UTF-8", hide.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTED", hide.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, scan.ExitCode);
        Assert.Contains("\"file\": \"notes\\\\xff.env\"", scan.StandardOutput, StringComparison.Ordinal);

        Assert.True(accepted.ExitCode == 0, accepted.StandardOutput + accepted.StandardError);
        Assert.Contains("STARTED", accepted.StandardOutput, StringComparison.Ordinal);
        var preflight = Directory.GetFiles(Path.Combine(vibedom.Home, "logs"), "preflight.json", SearchOption.AllDirectories)
            .Select(File.ReadAllText).Where(t => t.Contains("\"continue\"", StringComparison.Ordinal)).Single();
        Assert.Contains("\"file\": \"notes\\\\xff.env\"", preflight, StringComparison.Ordinal);

        // as an ordinary user too; such a name that cannot be read (mode 000) stays "not scanned", with its reason
        await ProcessRunner.Default.RunCheckedAsync(
            new ProcessSpec("python3", ["-c", "import os; open(b'locked\\xfe.txt','w').write('x'); os.chmod(b'locked\\xfe.txt', 0)"]) { WorkingDirectory = workspace },
            TestContext.Current.CancellationToken);
        await vibedom.GiveToNobodyAsync();
        var nobody = await vibedom.RunAsNobodyAsync(["run", workspace, "--", "sh", "-c", "echo STARTED"]);

        Assert.Equal(5, nobody.ExitCode);
        Assert.Contains("notes\\xff.env:1", nobody.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("not scanned: locked\\xfe.txt (", nobody.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Permission denied", nobody.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTED", nobody.StandardOutput, StringComparison.Ordinal);
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
