using System.Globalization;
using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Detached sessions: vibedom-init supervise forks a supervisor in its own session (stdin
/// /dev/null, output to the run state's output.log) that holds the sandbox, outlives the CLI and
/// writes the exit code. Its pid and start time are the handle reported to the session side (<see cref="SupervisorHandle"/>). bwrap runs with
/// --die-with-parent, so killing the supervisor, even with SIGKILL, takes the whole sandbox down;
/// the overlay lived only in the sandbox's private mount namespace, so nothing stays mounted.
/// </summary>
public sealed partial class NamespaceRuntime
{
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(5);

    public async Task StartDetachedAsync(SandboxPlan plan, ISandboxEvents events, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var state = StateOf(plan.SessionId);
        state.Create(plan);
        StartLimits(plan, events, state, supervisor: null);
        var launch = plan.LaunchAs<NamespaceLaunch>();
        var result = await _runner.RunCheckedAsync(AsStarter(new ProcessSpec(launch.FileName, ["supervise", state.Directory, "--", launch.FileName, .. launch.Arguments])
        {
            Environment = plan.Environment,
            InheritBasicEnvironment = false,
            Timeout = TimeSpan.FromSeconds(30),
        }), cancellationToken).ConfigureAwait(false);
        if (!int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var supervisor))
        {
            throw VibedomException.Failed($"the sandbox supervisor did not report its pid: {result.StandardOutput.Trim()}");
        }

        MarkStarted(events, plan, supervisor, detached: true);

        // Wait until the sandbox's init runs (or the supervisor reports an exit) so start errors surface here.
        var deadline = time.GetUtcNow() + StartWait;
        while (ProcFs.FindSandboxInit(supervisor) is null && state.ReadExitCode() is null && time.GetUtcNow() < deadline)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        if (state.ReadStartError() is { } error)
        {
            await WaitGoneAsync(new SupervisorHandle(supervisor, ProcFs.StartTicks(supervisor) ?? 0), TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            events.LimitsReached(SessionLimits.ReleaseRecorded(state));
            events.Ended(state.ReadExitCode() ?? 125, error);
            state.Delete();
            throw StartFailed(error);
        }
    }

    public async Task<int> ExecAsync(SandboxInstance instance, IReadOnlyList<string> command, ISandboxEvents events, CancellationToken cancellationToken = default)
    {
        if (command.Count == 0)
        {
            throw VibedomException.Usage("no command to run in the session");
        }

        var init = RunningInit(instance);
        var state = StateOf(instance.SessionId);
        events.Note($"Exec started in the sandbox: {string.Join(' ', command)}");
        var code = ExitCodes.Error;
        var pty = AtTerminal;
        // at a terminal: the pty comes from the sandbox's own /dev/pts (so `tty` inside names it) and TERM is the caller's
        var env = pty ? state.ExecEnvironmentWithTerminal(Environment.ProcessId) : state.ExecEnvironment;
        try
        {
            var spec = EnterSpec(init, state, instance.Workspace, command, newSession: !pty, env);
            code = await LaunchForegroundAsync(spec, pty, cancellationToken, pty ? $"/proc/{init}/root/dev/pts/ptmx" : null).ConfigureAwait(false);
            return code;
        }
        finally
        {
            if (env != state.ExecEnvironment)
            {
                File.Delete(env);
            }

            events.Note($"Exec exited with code {code}");
        }
    }

    /// <inheritdoc />
    public async Task<ProcessResult> ExecCapturedAsync(SandboxInstance instance, IReadOnlyList<string> command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var init = RunningInit(instance);
        var spec = EnterSpec(init, StateOf(instance.SessionId), instance.Workspace, command, newSession: false) with
        {
            Inherit = false,
            Timeout = timeout ?? TimeSpan.FromMinutes(10),
        };
        return await _runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> StopAsync(SandboxInstance instance, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        // only the very process that was started (pid and start time): a recycled or forged pid is never signalled
        if (SupervisorHandle.Parse(instance.Handle) is { IsAlive: true } supervisor)
        {
            Posix.Signal(supervisor.Pid, Posix.SIGTERM);
            if (!await WaitGoneAsync(supervisor, grace, cancellationToken).ConfigureAwait(false))
            {
                if (supervisor.IsAlive)
                {
                    Posix.Signal(supervisor.Pid, Posix.SIGKILL);
                }

                await WaitGoneAsync(supervisor, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
        }

        return StateOf(instance.SessionId).ReadExitCode() ?? 128 + Posix.SIGKILL;
    }

    private int RunningInit(SandboxInstance instance)
    {
        if (SupervisorHandle.Parse(instance.Handle) is not { IsAlive: true } supervisor)
        {
            throw VibedomException.Usage($"session {instance.SessionId} is not running (its sandbox is gone); start one with 'vibedom run --detach'");
        }

        return ProcFs.FindSandboxInit(supervisor.Pid)
            ?? throw VibedomException.Failed($"session {instance.SessionId}: its sandbox is not running any more (supervisor pid {supervisor.Pid})");
    }

    private ProcessSpec EnterSpec(int init, RunState state, string workspace, IReadOnlyList<string> command, bool newSession, string? environmentFile = null)
    {
        List<string> args = ["enter"];
        if (newSession)
        {
            args.Add("--new-session");
        }

        foreach (var cgroup in SessionLimits.RecordedDirectories(state))
        {
            args.AddRange(["--cgroup", cgroup]);
        }

        args.AddRange([
            init.ToString(CultureInfo.InvariantCulture),
            BwrapPlanner.SandboxUid.ToString(CultureInfo.InvariantCulture),
            BwrapPlanner.SandboxGid.ToString(CultureInfo.InvariantCulture),
            workspace, environmentFile ?? state.ExecEnvironment, "--", .. command,
        ]);
        return AsStarter(new ProcessSpec(Host.HelperPath, args)
        {
            Environment = WithLifeline(new Dictionary<string, string>()),
            InheritBasicEnvironment = false,
            Inherit = true,
            Timeout = Timeout.InfiniteTimeSpan,
        });
    }

    private async Task<bool> WaitGoneAsync(SupervisorHandle supervisor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (supervisor.IsAlive)
        {
            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
