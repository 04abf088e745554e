using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>Resource limits: the session's cgroup exists before the sandbox starts and is gone after it ends.</summary>
public sealed partial class NamespaceRuntime
{
    /// <summary>Creates the session's cgroup (and, for a foreground sandbox, the disk watcher); a failure removes the run state and stops the start.</summary>
    private SessionLimits? StartLimits(SandboxPlan plan, ISandboxEvents events, RunState state, Func<int?>? supervisor)
    {
        try
        {
            return SessionLimits.Start(plan, events, Host, state, supervisor, time);
        }
        catch
        {
            state.Delete();
            throw;
        }
    }

    private static async Task FinishLimitsAsync(SessionLimits? limits, ISandboxEvents events)
    {
        if (limits is not null)
        {
            await limits.FinishAsync(events).ConfigureAwait(false);
        }
    }
}
