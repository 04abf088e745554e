using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team (redteam2): what a hostile agent leaves in its persistent state folder (~/.vibedom/agents/NAME/, bound
/// writable, kept across sessions), through the real binary in a real sandbox. These claims FAIL on the code as merged.
/// </summary>
public sealed class AgentStateAttackTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_file_the_agent_marks_setuid_in_its_state_is_not_kept_setuid_on_the_host()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        ExecutableScript.Write(Path.Combine(bin, "claude"), """
            #!/bin/sh
            cp /bin/sh "$HOME/.claude/rootsh" && chmod 6755 "$HOME/.claude/rootsh"
            stat -c '%u %a' "$HOME/.claude/rootsh" > inside.txt 2>&1
            """);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "claude"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);

        Assert.True(run.ExitCode == 0, run.StandardError + run.StandardOutput);
        var planted = Path.Combine(vibedom.Home, "agents", "claude", ".claude", "rootsh");
        Assert.True(File.Exists(planted), "the agent's file is in its state on the host");
        var mode = File.GetUnixFileMode(planted);
        Assert.False(
            (mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0,
            $"the agent left a set-id executable on the host: {planted} mode {Convert.ToString((int)mode, 8)} (vibedom ran as {Environment.UserName}: the file is stored as that user)");
    }

    [Fact]
    public async Task A_file_the_agent_marks_setuid_in_its_state_is_not_kept_setuid_once_a_detached_session_ends()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var environment = AgentOnPath(vibedom, """
            #!/bin/sh
            cp /bin/sh "$HOME/.claude/rootsh" && chmod 6755 "$HOME/.claude/rootsh"
            """);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--detach", "--", "claude"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);

        Assert.True(run.ExitCode == 0, run.StandardError + run.StandardOutput);
        var log = Path.Combine(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Single(), "session.log");
        await Poll.UntilAsync(() => File.ReadAllText(log).Contains("Session host ended", StringComparison.Ordinal)); // the session ended on its own
        AssertNotSetId(Path.Combine(vibedom.Home, "agents", "claude", ".claude", "rootsh"));
    }

    [Fact]
    public async Task A_file_the_agent_marks_setuid_in_its_state_is_not_kept_setuid_once_stop_returns()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var environment = AgentOnPath(vibedom, """
            #!/bin/sh
            cp /bin/sh "$HOME/.claude/rootsh" && chmod 6755 "$HOME/.claude/rootsh"
            sleep 600
            """);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var planted = Path.Combine(vibedom.Home, "agents", "claude", ".claude", "rootsh");

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--detach", "--", "claude"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
        Assert.True(run.ExitCode == 0, run.StandardError + run.StandardOutput);
        ProcessResult stop;
        try
        {
            await Poll.UntilAsync(() => File.Exists(planted) && (File.GetUnixFileMode(planted) & UnixFileMode.SetUser) != 0);
        }
        finally
        {
            stop = await vibedom.RunAsync(["stop", "--all", "--keep"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
        }


        Assert.True(stop.ExitCode == 0, stop.StandardError + stop.StandardOutput);
        AssertNotSetId(planted);
    }

    [Fact]
    public async Task A_seed_is_never_written_where_a_running_agent_swaps_a_folder_of_its_state_for_a_link()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("perl");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var victim = Path.Combine(vibedom.Root, "victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), """
            [agents.tinyagent]
            commands = ["tinyagent"]
            state = ["~/.tiny/"]
            seed = { "~/.tiny/sub/conf.json" = '{"seeded": true}' }
            """);
        // session A's agent flips ~/.tiny/sub between its folder and a link to a host folder, as fast as it can
        var environment = AgentOnPath(vibedom, $$"""
            #!/bin/sh
            [ "$1" = swap ] || exit 0
            cd "$HOME/.tiny" && exec perl -e 'my $t = time + 120; while (time < $t && !-e "stop") { rename "sub", "sub.d"; symlink "{{victim}}", "sub"; unlink "sub"; rename "sub.d", "sub"; }'
            """, "tinyagent");
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));

        var outcomes = new List<string>();
        try
        {
            var swapper = await vibedom.RunAsync(["run", workspace, "--yes", "--detach", "--", "tinyagent", "swap"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
            Assert.True(swapper.ExitCode == 0, swapper.StandardError + swapper.StandardOutput);
            for (var i = 0; i < 8; i++)
            {
                var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "tinyagent"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
                outcomes.Add($"{run.ExitCode}: {run.StandardError.Trim()}");
                Assert.True(run.ExitCode is 0 or 2, run.StandardError + run.StandardOutput); // started, or stopped with one line
                Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
            }
        }
        finally
        {
            await vibedom.RunAsync(["stop", "--all", "--discard"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
        }

        Assert.True(Directory.GetFileSystemEntries(victim).Length == 0, $"a seed landed outside the state: {string.Join(", ", Directory.GetFileSystemEntries(victim))}; runs: {string.Join(" | ", outcomes)}");
    }

    private static Dictionary<string, string> AgentOnPath(VibedomBinary vibedom, string script, string name = "claude")
    {
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        ExecutableScript.Write(Path.Combine(bin, name), script);
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";
        return environment;
    }

    private static void AssertNotSetId(string planted)
    {
        Assert.True(File.Exists(planted), "the agent's file is in its state on the host");
        var mode = File.GetUnixFileMode(planted);
        Assert.False(
            (mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0,
            $"the agent left a set-id executable on the host: {planted} mode {Convert.ToString((int)mode, 8)}");
    }
}
