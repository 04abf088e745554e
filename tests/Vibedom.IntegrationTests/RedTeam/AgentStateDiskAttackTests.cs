using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s28: <c>[limits] disk</c> watched changes/ only, and an agent's state folder (<c>~/.vibedom/agents/NAME/</c>,
/// bound writable at its profile's paths under HOME) is on the host's disk too: 300 MB written to <c>$HOME/.tinyagent</c>
/// under <c>disk = "20M"</c> stayed there and the sandbox ran on. What the state grows by now counts with changes/.
/// </summary>
public sealed class AgentStateDiskAttackTests
{
    private const string Agent = """
        #!/bin/sh
        for i in $(seq 1 300); do head -c 1048576 /dev/zero >> "$HOME/.tinyagent/big.bin"; done
        sleep 30
        echo not-stopped > late.txt
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task What_the_agent_writes_into_its_state_counts_against_the_disk_limit(bool detached)
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.AppendAllText(Path.Combine(vibedom.Home, "config.toml"), """
            disk = "20M"

            [agents.tinyagent]
            commands = ["tinyagent"]
            state = ["~/.tinyagent/"]
            """); // the template ends in [limits]
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        ExecutableScript.Write(Path.Combine(bin, "tinyagent"), Agent);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";

        string said;
        if (detached)
        {
            var start = await vibedom.RunAsync(["run", workspace, "--yes", "--detach", "--", "tinyagent"], input: null, workingDirectory: workspace, environment: environment);
            Assert.True(start.ExitCode == 0, start.StandardError);
            var log = Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*")), "session.log");
            await Poll.UntilAsync(() => File.ReadAllText(log).Contains("Limit reached", StringComparison.Ordinal), TimeSpan.FromSeconds(25));
            said = File.ReadAllText(log);
            await vibedom.RunAsync(["stop", "--keep"], input: null, workingDirectory: workspace, environment: environment);
        }
        else
        {
            var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "tinyagent"], input: null, workingDirectory: workspace, environment: environment);
            Assert.True(run.ExitCode == 128 + 9, $"exit {run.ExitCode}: the sandbox ran on past the disk limit");
            said = run.StandardOutput;
        }

        var session = Assert.Single(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*"));
        Assert.Contains("disk limit 20 MiB of changes/ and the agent's state reached", said, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(session, "changes", "late.txt")));
    }
}
