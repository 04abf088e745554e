using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>Detached sessions, exec into them, stop, and what a killed vibedom leaves behind (nothing).</summary>
public sealed class LifecycleTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Detached_session_outlives_the_call_and_records_its_supervisor()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        var plan = h.Plan(["/bin/sh", "-c", "echo started > started.txt; exec sleep 300"]);

        await h.Runtime.StartDetachedAsync(plan, h.Events, TestContext.Current.CancellationToken);
        try
        {
            h.Session.Reload();
            Assert.Equal(SessionState.Running, h.Session.Record.State);
            Assert.True(h.Session.Record.Detached);
            var supervisor = Assert.IsType<SupervisorHandle>(SupervisorHandle.Parse(h.Session.Record.RuntimeHandle));
            Assert.True(supervisor.IsAlive);
            Assert.NotNull(ProcFs.FindSandboxInit(supervisor.Pid));
            Assert.Contains("Sandbox started", File.ReadAllText(h.Session.Paths.SessionLog), StringComparison.Ordinal);
        }
        finally
        {
            await h.Sessions().StopAsync(h.Session, Grace, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Exec_into_a_detached_session_is_as_contained_as_the_first_command()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        await h.Runtime.StartDetachedAsync(h.Plan(["/bin/sh", "-c", "echo first > first.txt; exec sleep 300"]), h.Events, TestContext.Current.CancellationToken);
        try
        {
            // the sandbox is up when the start returns; its first command may not have written yet
            var first = new FileInfo(Path.Combine(h.Changes, "first.txt"));
            for (var i = 0; i < 200 && !(first.Exists && first.Length > 0); i++, first.Refresh())
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            var result = await h.Runtime.ExecCapturedAsync(h.Session.Sandbox, ["/bin/sh", "-c",
                "cat first.txt; echo second > second.txt; grep -E '^(CapEff|CapBnd|CapPrm|NoNewPrivs)' /proc/self/status; id -u; " +
                "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; unshare -U true 2>/dev/null && echo USERNS; " +
                "mount -t tmpfs none /tmp 2>/dev/null && echo MOUNTED; test -e /root/.vibedom && echo VISIBLE; echo $HOME; pwd"],
                cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(0, result.ExitCode);
            string[] expected =
            [
                "first", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "NoNewPrivs:\t1",
                "1000", "lo", h.Plan(["true"]).Environment["HOME"], h.Workspace,
            ];
            Assert.Equal(expected, result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal("second\n", File.ReadAllText(Path.Combine(h.Changes, "second.txt")));
            Assert.False(File.Exists(Path.Combine(h.Workspace, "second.txt")));

            var fds = await h.Runtime.ExecCapturedAsync(h.Session.Sandbox, ["/bin/sh", "-c", "ls /proc/self/fd | tr '\\n' ' '"], cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal("0 1 2 3 ", fds.StandardOutput);

            var missing = await h.Runtime.ExecCapturedAsync(h.Session.Sandbox, ["no-such-tool-xyz"], cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(127, missing.ExitCode);
            Assert.Equal("vibedom: no-such-tool-xyz: command not found\n", missing.StandardError);
        }
        finally
        {
            await h.Sessions().StopAsync(h.Session, Grace, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Stop_ends_the_sandbox_and_every_process_in_it()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        await h.Runtime.StartDetachedAsync(h.Plan(["/bin/sh", "-c", "sleep 300 & sleep 301"]), h.Events, TestContext.Current.CancellationToken);
        h.Session.Reload();
        var supervisor = SupervisorHandle.Parse(h.Session.Record.RuntimeHandle)!.Pid;
        var inside = ProcFs.Descendants(supervisor);
        Assert.NotEmpty(inside);

        await h.Sessions().StopAsync(h.Session, Grace, TestContext.Current.CancellationToken);

        await AssertGoneAsync(inside.Append(supervisor));
        Assert.Equal(SessionState.Exited, h.Session.Record.State);
        Assert.NotNull(h.Session.Record.ExitCode);
        Assert.False(Directory.Exists(BwrapPlanner.StateDirectory(h.Host, h.Session.Id)));
        AssertNoMountOf(h.Changes);
        Assert.Contains("Session stopped", File.ReadAllText(h.Session.Paths.SessionLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigkill_of_the_supervisor_leaves_no_mount_or_process_and_the_next_command_marks_the_session_dead()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        await h.Runtime.StartDetachedAsync(h.Plan(["/bin/sh", "-c", "echo wip > wip.txt; sleep 300 & exec sleep 301"]), h.Events, TestContext.Current.CancellationToken);
        h.Session.Reload();
        var supervisor = SupervisorHandle.Parse(h.Session.Record.RuntimeHandle)!.Pid;
        await Poll.UntilAsync(() => File.Exists(Path.Combine(h.Changes, "wip.txt")));
        var inside = ProcFs.Descendants(supervisor);
        Assert.Contains(inside, pid => ProcFs.FindSandboxInit(supervisor) == pid);

        // vibedom's supervisor is killed outright: no handler runs
        Assert.True(await SignalAsync(supervisor, "KILL"));

        await AssertGoneAsync(inside.Append(supervisor));
        AssertNoMountOf(h.Changes);
        Assert.Equal(SandboxLiveness.Gone, h.Runtime.Inspect(h.Session.Sandbox).Liveness);
        var dead = Assert.Single(h.Sessions().List());
        Assert.Equal(h.Session.Id, dead.Id);
        Assert.Equal(SessionState.Dead, dead.Record.State);
        Assert.Equal("wip\n", File.ReadAllText(Path.Combine(h.Changes, "wip.txt")));
        Assert.Equal(SessionState.Dead, Assert.Single(h.Sessions().List()).Record.State);
    }

    [Fact]
    public async Task Detached_command_that_finishes_is_recorded_with_its_exit_code()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        await h.Runtime.StartDetachedAsync(h.Plan(["/bin/sh", "-c", "exit 3"]), h.Events, TestContext.Current.CancellationToken);
        var supervisor = SupervisorHandle.Parse(h.Session.Record.RuntimeHandle)!.Pid;
        await Poll.UntilAsync(() => !ProcFs.IsAlive(supervisor));

        var ended = Assert.Single(h.Sessions().List());

        Assert.Equal(SessionState.Exited, ended.Record.State);
        Assert.Equal(3, ended.Record.ExitCode);
    }

    [Fact]
    public async Task Sigkill_of_the_foreground_parent_leaves_no_mount_or_process()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        var plan = h.Plan(["/bin/sh", "-c", "exec sleep 300"]);
        h.WriteFiles(plan);

        // a stand-in for a foreground vibedom: a shell that starts the plan and waits for it
        var quoted = string.Join(' ', plan.LaunchAs<NamespaceLaunch>().Arguments.Prepend(plan.LaunchAs<NamespaceLaunch>().FileName).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var parentFile = h.PathOf("parent.pid");
        var run = ProcessRunner.Default.RunAsync(new ProcessSpec("/bin/sh", ["-c", $"echo $$ > '{parentFile}'; {quoted}; echo never"]) { Environment = plan.Environment, InheritBasicEnvironment = false }, cts.Token);
        await Poll.UntilAsync(() => File.Exists(parentFile) && File.ReadAllText(parentFile).EndsWith('\n'));
        var parent = int.Parse(File.ReadAllText(parentFile).Trim(), CultureInfo.InvariantCulture);
        await Poll.UntilAsync(() => ProcFs.FindSandboxInit(parent) is not null);
        var inside = ProcFs.Descendants(parent);

        Assert.True(await SignalAsync(parent, "KILL"));

        await AssertGoneAsync(inside);
        AssertNoMountOf(h.Changes);
        Assert.Equal(128 + 9, (await run).ExitCode);
    }

    [Fact]
    public async Task Unprivileged_supervisor_exec_and_sigkill_work_the_same()
    {
        using var h = new SandboxHarness(SandboxUser.Unprivileged);
        var plan = h.Plan(["/bin/sh", "-c", "echo first > first.txt; exec sleep 300"]);
        h.WriteFiles(plan);
        var state = BwrapPlanner.StateDirectory(h.Host, h.Session.Id);
        await h.GiveToNobodyAsync();
        var started = await ProcessRunner.Default.RunCheckedAsync(
            SandboxHarness.AsNobody(plan.LaunchAs<NamespaceLaunch>().FileName, ["supervise", state, "--", plan.LaunchAs<NamespaceLaunch>().FileName, .. plan.LaunchAs<NamespaceLaunch>().Arguments], plan.Environment), TestContext.Current.CancellationToken);
        var supervisor = int.Parse(started.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        try
        {
            await Poll.UntilAsync(() => ProcFs.FindSandboxInit(supervisor) is not null);
            var init = ProcFs.FindSandboxInit(supervisor)!.Value;
            // the first command's write must have happened before the exec reads it (no race with its start)
            await Poll.UntilAsync(() => File.Exists(Path.Combine(h.Changes, "first.txt")));

            var result = await ProcessRunner.Default.RunAsync(SandboxHarness.AsNobody(h.Host.HelperPath,
                ["enter", init.ToString(CultureInfo.InvariantCulture), "1000", "1000", h.Workspace, Path.Combine(state, "exec.env"), "--",
                 "/bin/sh", "-c", "cat first.txt; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; id -u; unshare -U true 2>/dev/null && echo USERNS; echo x > second.txt"]),
                TestContext.Current.CancellationToken);

            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Equal(["first", "CapEff:\t0000000000000000", "NoNewPrivs:\t1", "1000"], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(File.Exists(Path.Combine(h.Changes, "second.txt")));

            var inside = ProcFs.Descendants(supervisor);
            Assert.True(await SignalAsync(supervisor, "KILL"));
            await AssertGoneAsync(inside.Append(supervisor));
            AssertNoMountOf(h.Changes);
        }
        finally
        {
            await SignalAsync(supervisor, "KILL");
        }
    }

    internal static async Task<bool> SignalAsync(int pid, string signal) =>
        (await ProcessRunner.Default.RunAsync(ProcessSpec.Of("kill", "-" + signal, pid.ToString(CultureInfo.InvariantCulture)))).Succeeded;

    private static async Task AssertGoneAsync(IEnumerable<int> pids)
    {
        var all = pids.ToList();
        await Poll.UntilAsync(() => all.All(pid => !ProcFs.IsAlive(pid)));
    }

    /// <summary>No process on the host sees a mount whose options name the session's change layer.</summary>
    private static void AssertNoMountOf(string changes)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(dir, "mountinfo"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            Assert.DoesNotContain(changes, text, StringComparison.Ordinal);
        }
    }
}
