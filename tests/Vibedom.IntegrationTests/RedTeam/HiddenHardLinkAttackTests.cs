using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s28: hiding masks a path, and a hard link is the same file under another name. With the flagged <c>.env</c>
/// also linked into a vendored folder (which the pre-flight skips, so it is not flagged there), <c>--hide-flagged</c>
/// masked <c>.env</c> and the agent read the secret through the other name. A file with more than one name now stops
/// the run (exit 2, one line) before the agent starts, as any file that cannot be masked exactly does.
/// </summary>
public sealed class HiddenHardLinkAttackTests
{
    [Fact]
    public async Task A_hidden_file_with_another_hard_link_in_the_workspace_stops_the_run_before_the_agent_reads_it()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var secret = TestSecrets.StripeLiveKey;
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={secret}\n"), ("src/app.py", "print('hi')\n"));
        Directory.CreateDirectory(Path.Combine(workspace, "node_modules", "pkg"));
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ln", Path.Combine(workspace, ".env"), Path.Combine(workspace, "node_modules", "pkg", "config.txt")), TestContext.Current.CancellationToken);

        var run = await vibedom.RunAsync("run", workspace, "--hide-flagged", "--", "sh", "-c", "echo AGENT-RAN; cat node_modules/pkg/config.txt");

        var all = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {all}");
        Assert.DoesNotContain("AGENT-RAN", all, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        Assert.Contains("cannot hide .env from the agent: it has 2 hard links, and another name would show it; nothing was started", run.StandardError, StringComparison.Ordinal);
    }
}
