using Vibedom.Core.Processes;

namespace Vibedom.Core.Sandbox;

/// <summary>
/// The runtime seam (DESIGN §4): translate <see cref="SandboxPolicy"/> for a request into a plan (pure), then run,
/// detach, exec into, stop and clean up sessions. A runtime reports through <see cref="ISandboxEvents"/> and keeps no session records; it does
/// not promise that anything else is local (a remote runtime may hold the sandbox elsewhere). Runtimes are found
/// through <see cref="IRuntimeCatalog"/>, never constructed by their users; every runtime passes the one containment
/// contract suite (tests/Vibedom.IntegrationTests/Sandbox), which uses only this interface.
/// </summary>
public interface ISandboxRuntime
{
    /// <summary>The name used in config, <c>--runtime</c> and session.json ("namespace", "docker", ...).</summary>
    string Name { get; }

    /// <summary>
    /// Builds the plan without touching the machine: the common part (environment, mounts, network route, uid inside)
    /// and the runtime's own part (<see cref="SandboxPlan.Launch"/>). Enforces <see cref="SandboxPolicy"/>, hiding
    /// vibedom's own folder too.
    /// </summary>
    /// <exception cref="Errors.VibedomException">The request cannot be contained (usage error).</exception>
    SandboxPlan Prepare(SandboxRequest request);

    /// <summary>Runs the plan attached to the terminal and returns the command's exit status; its start and end go to <paramref name="events"/>.</summary>
    Task<int> RunAsync(SandboxPlan plan, ISandboxEvents events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the plan with output captured and no terminal, and returns once the command ended (scripted use, doctor's
    /// smoke test, and the containment contract suite: the tests' way in, so they need nothing but this interface).
    /// Reports the start and end like <see cref="RunAsync"/>.
    /// </summary>
    /// <exception cref="Errors.VibedomException">The sandbox could not be built (exit 3 with the reason).</exception>
    Task<ProcessResult> RunCapturedAsync(SandboxPlan plan, ISandboxEvents events, string? standardInput = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Starts the plan under a supervisor that outlives vibedom; returns once the sandbox runs (reported to <paramref name="events"/> with its handle).</summary>
    Task StartDetachedAsync(SandboxPlan plan, ISandboxEvents events, CancellationToken cancellationToken = default);

    /// <summary>Runs another command, attached to the terminal, inside a detached session's sandbox, as contained as the first; its log lines go to <paramref name="events"/>.</summary>
    Task<int> ExecAsync(SandboxInstance instance, IReadOnlyList<string> command, ISandboxEvents events, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="ExecAsync"/> with output captured and no terminal (scripted use, the containment contract suite).</summary>
    Task<ProcessResult> ExecCapturedAsync(SandboxInstance instance, IReadOnlyList<string> command, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the sandbox (graceful, then forced after <paramref name="grace"/>) and returns its exit code (its own when it
    /// wrote one, else that of a kill); idempotent. A handle that no longer names this sandbox signals nothing.
    /// Leftovers stay for <see cref="Release"/>.
    /// </summary>
    Task<int> StopAsync(SandboxInstance instance, TimeSpan grace, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when a detached session's sandbox has ended, told by the runtime (namespace: a pidfd on the
    /// supervisor), never by polling. Meanwhile it enforces the limits only an outside watcher can (disk); returns
    /// each one that ended the sandbox. The session's host process waits here.
    /// </summary>
    Task<IReadOnlyList<string>> WaitForEndAsync(SandboxInstance instance, CancellationToken cancellationToken = default);

    /// <summary>
    /// What became of the sandbox of a session recorded as running: still running, exited with a code (a
    /// detached command finished while nobody watched), or gone (also: no handle, or one this runtime cannot read).
    /// Writes nothing.
    /// </summary>
    SandboxStatus Inspect(SandboxInstance instance);

    /// <summary>
    /// After a sandbox ended (found by <see cref="Inspect"/>, or stopped): removes what the runtime left for the
    /// session (cgroups, run state) and returns each resource limit it reached. Idempotent; writes no session record.
    /// </summary>
    IReadOnlyList<string> Release(SandboxInstance instance);

    /// <summary>
    /// Throws (exit 3) with the fix of the first cheap prerequisite that fails (no sandbox started): <c>run</c> calls it
    /// before the scan and the session, so a machine without the runtime leaves nothing behind.
    /// </summary>
    void EnsureAvailable();

    /// <summary>Every prerequisite of this runtime, each with the exact fix when it fails (for <c>doctor</c>).</summary>
    Task<IReadOnlyList<PrerequisiteCheck>> CheckPrerequisitesAsync(CancellationToken cancellationToken = default);
}
