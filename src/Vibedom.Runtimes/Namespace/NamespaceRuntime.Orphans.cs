using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>Fail closed after a crash: sessions whose supervisor is gone are marked, their changes kept.</summary>
public sealed partial class NamespaceRuntime
{
    public IReadOnlyList<Session> CleanupOrphans(SessionStore store)
    {
        var changed = new List<Session>();
        foreach (var session in store.List())
        {
            var record = session.Record;
            if (record.State != SessionState.Running || record.Runtime != Name)
            {
                continue;
            }

            if (record.SupervisorPid is { } pid && ProcFs.IsAlive(pid, record.SupervisorStartTicks))
            {
                continue;
            }

            var state = StateOf(session.Id);
            var now = time.GetUtcNow();
            if (record.Detached && state.ReadExitCode() is { } code)
            {
                session.Update(r => r with { State = SessionState.Exited, EndedAt = now, ExitCode = code });
                session.Log.Info($"Detached command exited with code {code}");
            }
            else
            {
                session.Update(r => r with { State = SessionState.Dead, EndedAt = now });
                session.Log.Warn($"vibedom stopped while the session ran (supervisor pid {record.SupervisorPid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} is gone); session marked dead, changes kept for review");
            }

            SessionLimits.FinishRecorded(session, state);
            state.Delete();
            changed.Add(session);
        }

        return changed;
    }
}
