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
}
