using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Pty;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// The Linux namespace runtime: bubblewrap on an explicit minimal root, the workspace through an
/// overlay mounted in a private mount namespace, user/pid/ipc/uts/cgroup/net namespaces, no
/// capabilities, no nested user namespaces. Works as root and as an ordinary user.
/// </summary>
public sealed partial class NamespaceRuntime(VibedomHome home, TimeProvider time, ProcessRunner? runner = null) : ISandboxRuntime
{
    private readonly ProcessRunner _runner = runner ?? ProcessRunner.Default;
    private HostLayout? _host;

    /// <summary>With a given host layout instead of probing (tests, and a future remote probe).</summary>
    public NamespaceRuntime(VibedomHome home, TimeProvider time, HostLayout host, ProcessRunner? runner = null)
        : this(home, time, runner) => _host = host;

    public string Name => BwrapPlanner.RuntimeName;

    /// <summary>The probed host (cached), as seen by the account that starts the sandboxes (<see cref="StartedBy"/>).</summary>
    public HostLayout Host => _host ??= ForStarter(HostProbe.Probe(home));

    /// <summary>
    /// True when vibedom's stdin and stdout are a terminal: then a foreground sandbox (and exec) gets a
    /// pseudo-terminal of its own, relayed by vibedom (the TIOCSTI barrier); otherwise it inherits
    /// vibedom's pipes or files (stdout and stderr stay apart for scripts) in a new session (setsid).
    /// </summary>
    public static bool AtTerminal => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    public SandboxPlan Prepare(SandboxRequest request) =>
        BwrapPlanner.Plan(SandboxPolicy.HidingVibedomHome(request, home), Host);

    public async Task<int> RunAsync(SandboxPlan plan, Session session, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var state = StateOf(plan.SessionId);
        state.Create(plan);
        var limits = StartLimits(plan, session, state, () => Environment.ProcessId);
        MarkStarted(session, plan, Environment.ProcessId, detached: false);
        var code = ExitCodes.Error;
        string? startError = null;
        try
        {
            code = await LaunchForegroundAsync(ForegroundSpec(plan), plan.Terminal == SandboxTerminal.Pty, cancellationToken).ConfigureAwait(false);
            startError = state.ReadStartError(output: string.Empty);
        }
        finally
        {
            await FinishLimitsAsync(limits, session).ConfigureAwait(false);
            MarkExited(session, code, startError is null ? null : $"Sandbox failed to start ({startError}); exit code");
            state.Delete();
        }

        return startError is null ? code : throw StartFailed(startError);
    }

    /// <inheritdoc />
    public async Task<ProcessResult> RunCapturedAsync(SandboxPlan plan, Session session, string? standardInput = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var state = StateOf(plan.SessionId);
        state.Create(plan);
        var limits = StartLimits(plan, session, state, () => Environment.ProcessId);
        MarkStarted(session, plan, Environment.ProcessId, detached: false);
        ProcessResult? result = null;
        string? startError = null;
        try
        {
            result = await _runner.RunAsync(ForegroundSpec(plan) with
            {
                Inherit = false,
                StandardInput = standardInput,
                Timeout = timeout ?? TimeSpan.FromMinutes(10),
            }, cancellationToken).ConfigureAwait(false);
            startError = state.ReadStartError(result.StandardError);
        }
        finally
        {
            await FinishLimitsAsync(limits, session).ConfigureAwait(false);
            MarkExited(session, result?.ExitCode ?? ExitCodes.Error, startError is null ? null : $"Sandbox failed to start ({startError}); exit code");
            state.Delete();
        }

        return startError is null ? result : throw StartFailed(startError);
    }

    /// <summary>
    /// The one place a foreground sandbox (and exec) meets the terminal: through a fresh pty relayed by
    /// vibedom (the plan then has no --new-session: the pty keeps the agent away from the user's terminal
    /// and gives it job control and Ctrl-C), or with inherited stdio in a new session.
    /// </summary>
    private async Task<int> LaunchForegroundAsync(ProcessSpec spec, bool pty, CancellationToken cancellationToken, string? ptmx = null) => pty
        ? await PtyProcessRunner.Default.RunAttachedAsync(spec, cancellationToken, ptmx).ConfigureAwait(false)
        : (await _runner.RunAsync(spec, cancellationToken).ConfigureAwait(false)).ExitCode;

    private ProcessSpec ForegroundSpec(SandboxPlan plan) => AsStarter(new ProcessSpec(plan.LaunchAs<NamespaceLaunch>().FileName, plan.LaunchAs<NamespaceLaunch>().Arguments)
    {
        Environment = WithLifeline(plan.Environment),
        InheritBasicEnvironment = false,
        Inherit = true,
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>
    /// Names vibedom as the helper's lifeline (<see cref="SandboxHelper.ParentVariable"/>): a helper that
    /// finds itself reparented, because vibedom died before it ran, refuses to start the sandbox.
    /// </summary>
    private static Dictionary<string, string> WithLifeline(IReadOnlyDictionary<string, string> environment) =>
        new(environment, StringComparer.Ordinal)
        {
            [SandboxHelper.ParentVariable] = System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>The sandbox itself could not be built (not the command failing): exit 3 with the reason.</summary>
    private static VibedomException StartFailed(string reason) =>
        VibedomException.Prerequisite($"the sandbox did not start: {reason} (run 'vibedom doctor')");

    private RunState StateOf(string sessionId) => new(BwrapPlanner.StateDirectory(Host, sessionId), StartedBy);

    private void MarkStarted(Session session, SandboxPlan plan, int supervisorPid, bool detached)
    {
        var now = time.GetUtcNow();
        session.Update(r => r with
        {
            State = SessionState.Running,
            StartedAt = now,
            Detached = detached,
            SupervisorPid = supervisorPid,
            SupervisorStartTicks = ProcFs.StartTicks(supervisorPid),
            Runtime = Name,
            OverlayXattrs = Host.IsRoot ? Core.Workspace.OverlayXattrs.Trusted : Core.Workspace.OverlayXattrs.User,
        });
        var mode = Host.IsRoot ? $"started as root, running as a host uid of its own from {Host.SandboxHostUid}" : "rootless";
        var network = plan.Network is null ? "no network" : "network through the proxy only";
        session.Log.Info($"Sandbox started ({Name} runtime, {mode}, {network}{(detached ? ", detached" : string.Empty)}, supervisor pid {supervisorPid}): {string.Join(' ', session.Record.Command)}");
    }

    /// <summary>Records the end; <paramref name="what"/> null: the command's own end ("Command exited with code 0", "Command was killed by signal 9 ...").</summary>
    private void MarkExited(Session session, int code, string? what)
    {
        var now = time.GetUtcNow();
        session.Reload();
        session.Update(r => r with { State = r.State == SessionState.Running ? SessionState.Exited : r.State, EndedAt = now, ExitCode = code });
        session.Log.Info(what is null ? $"Command {ExitStatusText.Describe(code)}" : $"{what} {code}");
    }
}
