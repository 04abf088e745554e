using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Pty;
using Vibedom.Core.Sandbox;

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

    public async Task<int> RunAsync(SandboxPlan plan, ISandboxEvents events, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var state = StateOf(plan.SessionId);
        state.Create(plan);
        var limits = StartLimits(plan, events, state, () => Environment.ProcessId);
        MarkStarted(events, plan, Environment.ProcessId, detached: false);
        var code = ExitCodes.Error;
        string? startError = null;
        try
        {
            code = await LaunchForegroundAsync(ForegroundSpec(plan), plan.Terminal == SandboxTerminal.Pty, cancellationToken, streams: RunStreams()).ConfigureAwait(false);
            startError = state.ReadStartError(output: string.Empty);
        }
        finally
        {
            await FinishLimitsAsync(limits, events).ConfigureAwait(false);
            events.Ended(code, startError);
            state.Delete();
        }

        return startError is null ? code : throw StartFailed(startError);
    }

    /// <inheritdoc />
    public async Task<ProcessResult> RunCapturedAsync(SandboxPlan plan, ISandboxEvents events, string? standardInput = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var state = StateOf(plan.SessionId);
        state.Create(plan);
        var limits = StartLimits(plan, events, state, () => Environment.ProcessId);
        MarkStarted(events, plan, Environment.ProcessId, detached: false);
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
            await FinishLimitsAsync(limits, events).ConfigureAwait(false);
            events.Ended(result?.ExitCode ?? ExitCodes.Error, startError);
            state.Delete();
        }

        return startError is null ? result : throw StartFailed(startError);
    }

    /// <summary>
    /// The one place a foreground sandbox (and exec) meets the terminal: through a fresh pty relayed by
    /// vibedom (the plan then has no --new-session: the pty keeps the agent away from the user's terminal
    /// and gives it job control and Ctrl-C), or with inherited stdio in a new session.
    /// </summary>
    private async Task<int> LaunchForegroundAsync(ProcessSpec spec, bool pty, CancellationToken cancellationToken, string? ptmx = null, PtyStreams streams = PtyStreams.All) => pty
        ? await PtyProcessRunner.Default.RunAttachedAsync(spec, cancellationToken, ptmx, streams).ConfigureAwait(false)
        : (await _runner.RunAsync(spec, cancellationToken).ConfigureAwait(false)).ExitCode;

    /// <summary>
    /// A foreground run's pty stands in for each of vibedom's stdin, stdout, stderr that is a terminal, and for those
    /// alone (`vibedom run WS -- agent &gt; log`: the agent's stdin is a tty of vibedom's, never the user's terminal,
    /// which it could chmod; its output goes to the file unchanged).
    /// </summary>
    private static PtyStreams RunStreams() => PtyProcessRunner.TerminalStreams() is var streams and not PtyStreams.None ? streams : PtyStreams.All;

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

    /// <summary>Reports the start: the handle (supervisor pid and start time), where the overlay keeps its metadata, one line for the log.</summary>
    private void MarkStarted(ISandboxEvents events, SandboxPlan plan, int supervisorPid, bool detached)
    {
        var handle = SupervisorHandle.Of(supervisorPid) ?? new SupervisorHandle(supervisorPid, 0); // already gone: reads as gone
        var mode = Host.IsRoot ? $"started as root, running as a host uid of its own from {Host.SandboxHostUid}" : "rootless";
        var network = plan.Network is null ? "no network" : "network through the proxy only";
        events.Started(
            handle.Format(),
            Host.IsRoot ? Core.Workspace.OverlayXattrs.Trusted : Core.Workspace.OverlayXattrs.User,
            detached,
            $"{Name} runtime, {mode}, {network}{(detached ? ", detached" : string.Empty)}, supervisor pid {supervisorPid}");
    }
}
