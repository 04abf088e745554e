using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Fail closed after a crash: what became of a sandbox (its supervisor, by the handle's pid and start time, alive or
/// not; a detached supervisor's exit code), and removal of what is left of it. The session side records the outcome.
/// </summary>
public sealed partial class NamespaceRuntime
{
    public SandboxStatus Inspect(SandboxInstance instance)
    {
        if (SupervisorHandle.Parse(instance.Handle) is { IsAlive: true })
        {
            return SandboxStatus.Running;
        }

        return instance.Detached && StateOf(instance.SessionId).ReadExitCode() is { } code ? SandboxStatus.Exited(code) : SandboxStatus.Gone;
    }

    public IReadOnlyList<string> Release(SandboxInstance instance)
    {
        var state = StateOf(instance.SessionId);
        var reached = SessionLimits.ReleaseRecorded(state);
        state.Delete();
        return reached;
    }

    public async Task<IReadOnlyList<string>> WaitForEndAsync(SandboxInstance instance, CancellationToken cancellationToken = default)
    {
        if (SupervisorHandle.Parse(instance.Handle) is not { } supervisor)
        {
            return [];
        }

        // a detached sandbox's changes/ is watched by the one process that lives exactly as long: its host
        var limits = SessionLimits.RecordedLimits(StateOf(instance.SessionId));
        var disk = limits is null ? null : DiskWatcher.Start(instance.ChangesDirectory, instance.StateDirectories, limits, () => supervisor.Pid, time);
        try
        {
            await PidFd.WaitForExitAsync(supervisor.Pid, supervisor.StartTicks, cancellationToken).ConfigureAwait(false);
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
