using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions.Hosting;
using Vibedom.Core.Sessions.Network;

namespace Vibedom.Core.Sessions;

/// <summary>
/// Fail closed after a crash, before any lookup answers: a session recorded as running whose sandbox its runtime
/// reports gone is marked dead (or exited, when a detached command finished unwatched), its changes kept; the
/// runtime's leftovers and the session's run state are removed. Reads only the sessions the live index holds.
/// </summary>
internal sealed class SessionReconciler(VibedomHome home, SessionStore store, IRuntimeCatalog runtimes, TimeProvider time, Action<string> notice)
{
    public void Run()
    {
        foreach (var session in store.Live())
        {
            if (session.Record.State == SessionState.Running && RuntimeOf(session) is { } runtime)
            {
                Settle(session, runtime);
            }
        }

        StaleRunState.NoteDeadHosts(home, store);
        StaleRunState.Remove(home, store, time);
    }

    private ISandboxRuntime? RuntimeOf(Session session)
    {
        try
        {
            return runtimes.Get(session.Record.Runtime);
        }
        catch (VibedomException)
        {
            return null; // a runtime this machine cannot use cannot tell: the session stays as recorded
        }
    }

    private void Settle(Session session, ISandboxRuntime runtime)
    {
        // one command settles a session at a time; the others skip it (the first one marks it), and the record is
        // read again under the claim, so a concurrent stop's or apply's state is never overwritten
        using var claim = AdvisoryLock.TryTake(Path.Combine(session.Paths.Directory, ".reconcile.lock"));
        if (claim is null)
        {
            return;
        }

        session.Reload();
        if (session.Record.State != SessionState.Running)
        {
            return;
        }

        var status = runtime.Inspect(session.Sandbox);
        if (status.Liveness == SandboxLiveness.Running)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (status is { Liveness: SandboxLiveness.Exited, ExitCode: { } code })
        {
            session.Update(r => r with { State = SessionState.Exited, EndedAt = now, ExitCode = code });
            session.Log.Milestone($"Detached command exited with code {code}");
        }
        else
        {
            session.Update(r => r with { State = SessionState.Dead, EndedAt = now });
            session.Log.Milestone($"vibedom stopped while the session ran (its sandbox is gone); session marked dead, changes kept for review", "WARN");
        }

        session.NoteLimitsReached(runtime.Release(session.Sandbox));
        SessionNetwork.Existing(home, session.Id).Delete();
        Ssh.SshAgentHelper.RemoveLeftovers(home, session.Id);
        File.Delete(SessionHostProcess.PidFile(home, session.Id));
        notice(session.Record.State == SessionState.Dead
            ? $"session {session.Id} was left running by a vibedom that stopped; marked dead, its changes are kept for review"
            : $"session {session.Id} finished in the background (exit code {session.Record.ExitCode}); review it with 'vibedom diff {session.Id}'");
    }
}
