using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Ssh;

/// <summary>
/// The session's ssh-agent starts at the first connection to its socket inside, not with the session (start-up
/// cost), while a deploy key the agent could not load still stops the run before the sandbox starts.
/// </summary>
public sealed class AgentOnDemandTests
{
    [Fact]
    public async Task A_run_whose_agent_never_uses_ssh_starts_no_ssh_agent()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("ssh-agent");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var workspace = vibedom.Workspace("plain", ("README.md", "hello\n"));
        var run = Path.Combine(vibedom.Home, "run");

        var running = vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", "test -S \"$SSH_AUTH_SOCK\" && sleep 3 && echo RAN");
        var seen = new List<string>();
        while (!running.IsCompleted)
        {
            seen.AddRange(ProcessesNaming(run));
            if (Directory.Exists(run))
            {
                seen.AddRange(Directory.GetDirectories(run, "ssh-*"));
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var result = await running;
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("RAN", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task A_deploy_key_with_a_passphrase_stops_the_run_before_the_sandbox_starts()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("ssh-agent");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var key = Path.Combine(vibedom.Home, "keys", "id_ed25519_vibedom");
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ssh-keygen", "-q", "-p", "-P", string.Empty, "-N", "correct horse", "-f", key), TestContext.Current.CancellationToken);
        var workspace = vibedom.Workspace("plain", ("README.md", "hello\n"));
        var marker = Path.Combine(vibedom.Root, "ran");

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--", "sh", "-c", $"touch {marker}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the deploy key {key} has a passphrase", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the sandbox ran");
    }

    /// <summary>Host processes whose command line names <paramref name="folder"/> (a session's ssh-agent names its socket there).</summary>
    private static IEnumerable<string> ProcessesNaming(string folder)
    {
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(folder, StringComparison.Ordinal) && commandLine.Contains("ssh-agent", StringComparison.Ordinal))
            {
                yield return commandLine;
            }
        }
    }
}
