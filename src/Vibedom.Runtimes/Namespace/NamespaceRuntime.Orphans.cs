using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Fail closed after a crash: what became of a sandbox (its supervisor, pid and start time, alive or not; a detached
/// supervisor's exit code), and removal of what is left of it. The session service records the outcome.
/// </summary>
public sealed partial class NamespaceRuntime
{
    public SandboxStatus Inspect(Session session)
    {
        var record = session.Record;
        if (record.SupervisorPid is { } pid && ProcFs.IsAlive(pid, record.SupervisorStartTicks))
        {
            return SandboxStatus.Running;
        }

        return record.Detached && StateOf(session.Id).ReadExitCode() is { } code ? SandboxStatus.Exited(code) : SandboxStatus.Gone;
    }

    public IReadOnlyList<string> Release(Session session)
    {
        var state = StateOf(session.Id);
        var reached = SessionLimits.ReleaseRecorded(state);
        state.Delete();
        return reached;
    }

    public async Task<IReadOnlyList<string>> WaitForEndAsync(Session session, CancellationToken cancellationToken = default)
    {
        session.Reload();
        if (session.Record.SupervisorPid is not { } pid)
        {
            return [];
        }

        // a detached sandbox's changes/ is watched by the one process that lives exactly as long: its host
        var limits = SessionLimits.RecordedLimits(StateOf(session.Id));
        var disk = limits is null ? null : DiskWatcher.Start(session.Paths.Changes, limits, () => pid, time);
        try
        {
            await PidFd.WaitForExitAsync(pid, session.Record.SupervisorStartTicks, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (disk is not null)
            {
                await disk.DisposeAsync().ConfigureAwait(false);
            }
        }

        return disk?.Reached is { } reached ? [reached] : [];
    }
}
