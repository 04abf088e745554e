using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;

namespace Vibedom.Core.Sessions;

/// <summary>
/// The one way to create, find and list sessions. Every lookup first reconciles (once per service): sessions whose
/// sandbox died with vibedom are marked dead before anyone reads them, so no command can see one as still running.
/// </summary>
public sealed class SessionService
{
    private readonly VibedomHome _home;
    private readonly TimeProvider _time;
    private readonly Action<string> _notice;
    private readonly SessionStore _store;
    private bool _reconciled;

    /// <param name="notice">Where one-line notices go (a session found dead, a name several sessions share).</param>
    public SessionService(VibedomHome home, TimeProvider time, IRuntimeCatalog runtimes, Action<string>? notice = null)
    {
        _home = home;
        _time = time;
        _notice = notice ?? (_ => { });
        _store = new SessionStore(home, time);
        Runtimes = runtimes;
    }

    public IRuntimeCatalog Runtimes { get; }

    /// <summary>A new session folder and record (state created).</summary>
    public Session Create(string workspace, string name, string runtime, IReadOnlyList<string> command, bool detached)
    {
        Reconcile();
        return _store.Create(workspace, name, runtime, command, detached);
    }

    /// <summary>Every session, newest first, reconciled.</summary>
    public IReadOnlyList<Session> List()
    {
        Reconcile();
        return _store.List();
    }

    /// <summary>
    /// SESSION is an id, a unique prefix of one (with or without "session-"), or a name; omitted, the newest session
    /// of the workspace containing <paramref name="currentDirectory"/>, else the newest session; with <paramref name="running"/>
    /// (a verb for a running session), a name or an omitted SESSION prefers the newest running one of those.
    /// </summary>
    /// <exception cref="Errors.VibedomException">No such session, or an ambiguous prefix (usage error).</exception>
    public Session Resolve(string? selector, string currentDirectory, bool running = false)
    {
        Reconcile();
        return _store.Resolve(selector, currentDirectory, _notice, running);
    }

    /// <summary>The runtime that holds (or held) the session's sandbox.</summary>
    public ISandboxRuntime RuntimeOf(Session session) => Runtimes.Get(session.Record.Runtime);

    /// <summary>Runs <paramref name="command"/>, attached to the terminal, in the running session's sandbox; its exit status.</summary>
    /// <exception cref="Errors.VibedomException">The session is not running (usage error).</exception>
    public Task<int> ExecAsync(Session session, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        session.Reload();
        if (session.Record.State != SessionState.Running)
        {
            throw Errors.VibedomException.Usage($"session {session.Id} is not running (state: {session.Record.State.ToString().ToLowerInvariant()}); start one with 'vibedom run --detach'");
        }

        return RuntimeOf(session).ExecAsync(session.Sandbox, command, new SessionEvents(session, _time), cancellationToken);
    }

    /// <summary>
    /// Ends the session's sandbox (graceful, then forced after <paramref name="grace"/>), removes what it left and records
    /// the end; idempotent. True when its sandbox was still running (false: it had already ended, whatever the record said).
    /// </summary>
    public async Task<bool> StopAsync(Session session, TimeSpan grace, CancellationToken cancellationToken)
    {
        session.Reload();
        var runtime = RuntimeOf(session);
        var live = session.Record.State == SessionState.Running && runtime.Inspect(session.Sandbox).Liveness == SandboxLiveness.Running;
        var code = await runtime.StopAsync(session.Sandbox, grace, cancellationToken).ConfigureAwait(false);
        if (session.Record.State != SessionState.Created)
        {
            // a session still starting keeps what its launcher made (cgroups, run state): released when it ends
            session.NoteLimitsReached(runtime.Release(session.Sandbox));
        }

        if (session.Record.State == SessionState.Running)
        {
            session.MarkEnded(code, $"Session stopped; exit code {code}", _time);
        }

        _ = Launch.AgentSetup.ClearSetId(session.Record.AgentState, session.Log.Warn); // the sandbox ended: no set-id file of its stays
        return live;
    }

    /// <summary>Ended sessions to prune, and their removal.</summary>
    public SessionPruner Pruner()
    {
        Reconcile();
        return new SessionPruner(_home, _store, _time);
    }

    private void Reconcile()
    {
        if (_reconciled)
        {
            return;
        }

        _reconciled = true;
        if (Directory.Exists(_home.LogsDirectory))
        {
            new SessionReconciler(_home, _store, Runtimes, _time, _notice).Run();
        }
    }
}
