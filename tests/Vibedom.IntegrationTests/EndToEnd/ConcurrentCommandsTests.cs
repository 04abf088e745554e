using Vibedom.Core.Home;
using Vibedom.Core.Sessions;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Several vibedom commands at once (a user's shells, scripts, the session host) all reconcile the sessions they
/// read: none may fail on another's half-written record, mark a session twice, or overwrite what another wrote.
/// </summary>
public sealed class ConcurrentCommandsTests
{
    [Fact]
    public async Task Commands_run_at_once_each_succeed_and_mark_every_dead_session_exactly_once()
    {
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var store = new SessionStore(new VibedomHome(vibedom.Home), TimeProvider.System);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var sessions = Enumerable.Range(0, 60).Select(_ =>
        {
            var session = store.Create(workspace, "proj", "namespace", ["true"], detached: true);
            // recorded running, but its supervisor is no process at all (a pid above any pid_max)
            session.Update(r => r with { State = SessionState.Running, RuntimeHandle = "supervisor:999999999:1" });
            return session;
        }).ToList();

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => vibedom.RunAsync("sessions")));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}"));
        foreach (var session in sessions)
        {
            session.Reload();
            Assert.Equal(SessionState.Dead, session.Record.State);
            var marked = File.ReadAllLines(session.Paths.SessionLog).Count(l => l.Contains("session marked dead", StringComparison.Ordinal));
            Assert.True(marked == 1, $"{session.Id} was marked dead {marked} times");
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(vibedom.Home, "logs"), "*.tmp", SearchOption.AllDirectories));
    }
}
