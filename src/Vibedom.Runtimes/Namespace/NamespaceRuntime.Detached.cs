using System.Globalization;
using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Detached sessions: vibedom-init supervise forks a supervisor in its own session (stdin
/// /dev/null, output to the run state's output.log) that holds the sandbox, outlives the CLI and
/// writes the exit code. Its pid (and start time) go to session.json. bwrap runs with
/// --die-with-parent, so killing the supervisor, even with SIGKILL, takes the whole sandbox down;
/// the overlay lived only in the sandbox's private mount namespace, so nothing stays mounted.
/// </summary>
public sealed partial class NamespaceRuntime
{
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(5);

    public async Task StartDetachedAsync(SandboxPlan plan, Session session, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var state = StateOf(plan.SessionId);
        state.Create(plan);
        StartLimits(plan, session, state, supervisor: null);
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

        MarkStarted(session, plan, supervisor, detached: true);

        // Wait until the sandbox's init runs (or the supervisor reports an exit) so start errors surface here.
        var deadline = time.GetUtcNow() + StartWait;
        while (ProcFs.FindSandboxInit(supervisor) is null && state.ReadExitCode() is null && time.GetUtcNow() < deadline)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        if (state.ReadStartError() is { } error)
        {
            await WaitGoneAsync(supervisor, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            SessionLimits.FinishRecorded(session, state);
            MarkExited(session, state.ReadExitCode() ?? 125, $"Sandbox failed to start ({error}); exit code");
            state.Delete();
            throw StartFailed(error);
        }
    }

    public async Task<int> ExecAsync(Session session, IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        if (command.Count == 0)
        {
            throw VibedomException.Usage("no command to run in the session");
        }

        var init = RunningInit(session);
        var state = StateOf(session.Id);
        session.Log.Info($"Exec started in the sandbox: {string.Join(' ', command)}");
        var code = ExitCodes.Error;
        var pty = AtTerminal;
        // at a terminal: the pty comes from the sandbox's own /dev/pts (so `tty` inside names it) and TERM is the caller's
        var env = pty ? state.ExecEnvironmentWithTerminal(Environment.ProcessId) : state.ExecEnvironment;
        try
        {
            var spec = EnterSpec(init, state, session.Record.Workspace, command, newSession: !pty, env);
            code = await LaunchForegroundAsync(spec, pty, cancellationToken, pty ? $"/proc/{init}/root/dev/pts/ptmx" : null).ConfigureAwait(false);
            return code;
        }
        finally
        {
            if (env != state.ExecEnvironment)
            {
                File.Delete(env);
            }

            session.Log.Info($"Exec exited with code {code}");
        }
    }

    /// <inheritdoc />
    public async Task<ProcessResult> ExecCapturedAsync(Session session, IReadOnlyList<string> command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var init = RunningInit(session);
        var spec = EnterSpec(init, StateOf(session.Id), session.Record.Workspace, command, newSession: false) with
        {
            Inherit = false,
            Timeout = timeout ?? TimeSpan.FromMinutes(10),
        };
        return await _runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(Session session, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        session.Reload();
        var state = StateOf(session.Id);
        if (session.Record.SupervisorPid is { } pid && ProcFs.IsAlive(pid, session.Record.SupervisorStartTicks))
        {
            Posix.Signal(pid, Posix.SIGTERM);
            if (!await WaitGoneAsync(pid, grace, cancellationToken).ConfigureAwait(false))
            {
                Posix.Signal(pid, Posix.SIGKILL);
                await WaitGoneAsync(pid, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
        }

        SessionLimits.FinishRecorded(session, state);
        if (session.Record.State == SessionState.Running)
        {
            var code = state.ReadExitCode() ?? 128 + Posix.SIGKILL;
            MarkExited(session, code, "Session stopped; exit code");
        }

        state.Delete();
    }

    private int RunningInit(Session session)
    {
        session.Reload();
        var record = session.Record;
        if (record.State != SessionState.Running || record.SupervisorPid is not { } pid || !ProcFs.IsAlive(pid, record.SupervisorStartTicks))
        {
            throw VibedomException.Usage($"session {session.Id} is not running (state: {record.State.ToString().ToLowerInvariant()}); start one with 'vibedom run --detach'");
        }

        return ProcFs.FindSandboxInit(pid)
            ?? throw VibedomException.Failed($"session {session.Id}: its sandbox is not running any more (supervisor pid {pid})");
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

    private async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (ProcFs.IsAlive(pid))
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
