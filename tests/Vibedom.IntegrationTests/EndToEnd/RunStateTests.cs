using System.Text.Json;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>Run state of sessions that are not running (a crashed run's network folder) is removed by the next session command.</summary>
public sealed class RunStateTests
{
    [Fact]
    public async Task Stale_network_folders_are_removed_by_the_next_session_command_and_a_running_sessions_stays()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        Assert.Equal(0, (await vibedom.RunAsync("run", workspace, "--yes", "--", "true")).ExitCode);
        var ended = JsonDocument.Parse((await vibedom.RunAsync("sessions", "--json")).StandardOutput).RootElement[0].GetProperty("id").GetString()!;
        var run = Path.Combine(vibedom.Home, "run");
        string[] stale = [Path.Combine(run, "net-" + ended), Path.Combine(run, "net-session-20200101-000000-dead")];
        foreach (var folder in stale)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "ca-bundle.pem"), "left behind by a vibedom that died\n");
        }

        File.WriteAllText(Path.Combine(run, $"proxy-{ended}.pid"), "999999");
        var detached = await vibedom.RunAsync("run", workspace, "--yes", "--detach", "--", "sleep", "60");
        Assert.True(detached.ExitCode == 0, detached.StandardError);
        try
        {
            var live = Directory.GetDirectories(run, "net-*").Except(stale).Single();

            var sessions = await vibedom.RunAsync("sessions");

            Assert.Equal(0, sessions.ExitCode);
            Assert.All(stale, folder => Assert.False(Directory.Exists(folder), folder + " is still there"));
            Assert.False(File.Exists(Path.Combine(run, $"proxy-{ended}.pid")));
            Assert.True(Directory.Exists(live), "the running session's network folder was removed");
            Assert.True(File.Exists(Path.Combine(live, "proxy.sock")), "the running session lost its proxy socket");
        }
        finally
        {
            await vibedom.RunAsync("stop", "--all", "--discard");
        }
    }
}
