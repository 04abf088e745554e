using System.Globalization;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

/// <summary>The namespace runtime's opaque handle in session.json: it round-trips, and a forged or garbled one names no process.</summary>
public sealed class SupervisorHandleTests
{
    [Fact]
    public void A_handle_of_a_running_process_round_trips_and_names_it_alive()
    {
        var handle = Assert.IsType<SupervisorHandle>(SupervisorHandle.Of(Environment.ProcessId));

        var parsed = SupervisorHandle.Parse(handle.Format());

        Assert.Equal(handle, parsed);
        Assert.Equal(Environment.ProcessId, parsed!.Pid);
        Assert.True(parsed.IsAlive);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("supervisor:")]
    [InlineData("supervisor:1234")]
    [InlineData("supervisor:1234:")]
    [InlineData("supervisor::1234")]
    [InlineData("supervisor:-1:1")]
    [InlineData("supervisor:0:1")]
    [InlineData("supervisor:1:1")]
    [InlineData("supervisor:1234:0")]
    [InlineData("supervisor:1234:-5")]
    [InlineData("supervisor:+1234:5")]
    [InlineData("supervisor: 1234:5")]
    [InlineData("supervisor:1234:5:6")]
    [InlineData("supervisor:99999999999:5")]
    [InlineData("supervisor:0x10:5")]
    [InlineData("SUPERVISOR:1234:5")]
    [InlineData("container:1234:5")]
    public void A_garbled_or_foreign_handle_parses_as_no_supervisor(string handle)
    {
        Assert.Null(SupervisorHandle.Parse(handle));
    }

    [Fact]
    public async Task Stop_with_a_handle_naming_a_live_unrelated_process_signals_nothing()
    {
        using var dir = new TempDirectory();
        var runtime = new NamespaceRuntime(new VibedomHome(Path.Combine(dir.Path, ".vibedom")), TimeProvider.System);
        var sleep = await StartSleepAsync();
        try
        {
            var ticks = ProcFs.StartTicks(sleep)!.Value;
            string[] forged =
            [
                new SupervisorHandle(sleep, ticks + 1).Format(), // its pid, another start time: a recycled pid
                string.Create(CultureInfo.InvariantCulture, $"supervisor:{sleep}"), // its pid, no start time (the old record could hold that)
                string.Create(CultureInfo.InvariantCulture, $"supervisor:{sleep}:0"),
                string.Create(CultureInfo.InvariantCulture, $"{sleep}"),
            ];

            foreach (var handle in forged)
            {
                var instance = new SandboxInstance("session-forged", dir.Path, dir.Path, handle, Detached: true);

                Assert.Equal(SandboxLiveness.Gone, runtime.Inspect(instance).Liveness);
                Assert.Equal(128 + 9, await runtime.StopAsync(instance, TimeSpan.Zero, TestContext.Current.CancellationToken));
                Assert.Empty(await runtime.WaitForEndAsync(instance, TestContext.Current.CancellationToken));
                Assert.True(ProcFs.IsAlive(sleep, ticks), $"handle {handle} signalled an unrelated process");
            }
        }
        finally
        {
            await ProcessRunner.Default.RunAsync(ProcessSpec.Of("kill", "-KILL", sleep.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("supervisor:1:1")]
    [InlineData(null)]
    public void A_running_record_whose_handle_names_no_supervisor_reads_as_dead_and_its_log_names_no_pid(string? handle)
    {
        using var dir = new TempDirectory();
        var home = new VibedomHome(Path.Combine(dir.Path, ".vibedom"));
        var session = new SessionStore(home, TimeProvider.System).Create(dir.Path, "forged", RuntimeNames.Namespace, ["sh"], detached: true);
        session.Update(r => r with { State = SessionState.Running, RuntimeHandle = handle });
        if (handle is null)
        {
            // a record from before the handle: a live supervisor pid and start time in the old fields
            var old = File.ReadAllText(session.Paths.SessionJson).Replace(
                "\"state\"",
                string.Create(CultureInfo.InvariantCulture, $"\"supervisor_pid\": {Environment.ProcessId}, \"supervisor_start_ticks\": {ProcFs.StartTicks(Environment.ProcessId)}, \"state\""),
                StringComparison.Ordinal);
            File.WriteAllText(session.Paths.SessionJson, old);
        }

        var notices = new List<string>();
        var found = Assert.Single(new SessionService(home, TimeProvider.System, new RuntimeCatalog(home, TimeProvider.System), notices.Add).List());

        Assert.Equal(SessionState.Dead, found.Record.State);
        Assert.Single(notices);
        var warning = Assert.Single(File.ReadAllLines(session.Paths.SessionLog), l => l.Contains("vibedom stopped while the session ran", StringComparison.Ordinal));
        Assert.EndsWith("vibedom stopped while the session ran (its sandbox is gone); session marked dead, changes kept for review", warning, StringComparison.Ordinal);
    }

    /// <summary>A real process unrelated to any sandbox: a background sleep (at most 30 s).</summary>
    private static async Task<int> StartSleepAsync()
    {
        var started = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("/bin/sh", "-c", "sleep 30 </dev/null >/dev/null 2>&1 & echo $!"), TestContext.Current.CancellationToken);
        var pid = int.Parse(started.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        Assert.True(ProcFs.IsAlive(pid));
        return pid;
    }
}
