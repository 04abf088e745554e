using Vibedom.Core.Home;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Sessions;

/// <summary>
/// <c>vibedom sessions --prune</c>: finds ended sessions (exited, dead, applied, discarded, cancelled; never running
/// or created ones) older than a threshold, and removes one whole: its folder under logs/ and any run state left in
/// run/. A session is first renamed out of logs/ (so no command sees half of it), under the apply lock (so no
/// apply, undo or discard of it is running), then deleted; leftovers of an interrupted prune go on the next one.
/// </summary>
public sealed class SessionPruner
{
    private const string PruningPrefix = ".pruning-";

    private readonly VibedomHome home;
    private readonly SessionStore store;
    private readonly TimeProvider time;

    /// <summary>Through <see cref="SessionService.Pruner"/>, which reconciles first.</summary>
    internal SessionPruner(VibedomHome home, SessionStore store, TimeProvider time)
    {
        this.home = home;
        this.store = store;
        this.time = time;
    }

    private static readonly SessionState[] Ended =
        [SessionState.Exited, SessionState.Dead, SessionState.Applied, SessionState.Discarded, SessionState.Cancelled];

    /// <summary>
    /// Ended sessions that ended at least <paramref name="olderThan"/> ago, oldest first, with their unapplied changes
    /// (<see cref="ChangeCount.Unreadable"/>), read within one <see cref="ComparisonBudget"/> for them all.
    /// </summary>
    public IReadOnlyList<(Session Session, ChangeCount Unapplied)> Candidates(TimeSpan olderThan)
    {
        var now = time.GetUtcNow();
        var budget = ComparisonBudget.ForListing();
        return store.List()
            .Where(s => Ended.Contains(s.Record.State))
            .Where(s => now - (s.Record.EndedAt ?? s.Record.StartedAt ?? s.Record.CreatedAt) >= olderThan)
            .Reverse()
            .Select(s => (s, Unapplied(s, budget)))
            .ToList();
    }

    /// <summary>
    /// The sessions a prune leaves alone without asking: still running (or starting), and ended less than
    /// <paramref name="olderThan"/> ago; so an empty prune can say why it removed nothing.
    /// </summary>
    public (int Running, int Recent) LeftAlone(TimeSpan olderThan)
    {
        var now = time.GetUtcNow();
        var sessions = store.List();
        var running = sessions.Count(s => !Ended.Contains(s.Record.State));
        var recent = sessions.Count(s => Ended.Contains(s.Record.State) && now - (s.Record.EndedAt ?? s.Record.StartedAt ?? s.Record.CreatedAt) < olderThan);
        return (running, recent);
    }

    /// <summary>Removes the session; false (and why) when it changed state meanwhile or is being applied.</summary>
    public bool Remove(Session session, out string? why)
    {
        why = null;
        FileStream? applyLock = null;
        try
        {
            applyLock = TryLock(session);
            if (applyLock is null)
            {
                why = "an apply, undo or discard of it is running";
                return false;
            }

            session.Reload();
            if (!Ended.Contains(session.Record.State))
            {
                why = $"it is {session.Record.State.ToString().ToLowerInvariant()} now";
                return false;
            }

            var parked = Path.Combine(home.LogsDirectory, PruningPrefix + session.Id);
            Directory.Move(session.Paths.Directory, parked);
            applyLock.Dispose();
            applyLock = null;
            TreeRemover.Delete(parked);
            foreach (var state in new[] { Path.Combine(home.RunDirectory, session.Id), Path.Combine(home.RunDirectory, "net-" + session.Id) })
            {
                if (Directory.Exists(state))
                {
                    TreeRemover.Delete(state);
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = e.Message.ReplaceLineEndings(" ");
            return false;
        }
        finally
        {
            applyLock?.Dispose();
        }
    }

    /// <summary>Deletes what an interrupted prune left behind; returns one line per folder that stays (tried again next time).</summary>
    public IReadOnlyList<string> RemoveLeftovers()
    {
        var problems = new List<string>();
        if (!Directory.Exists(home.LogsDirectory))
        {
            return problems;
        }

        foreach (var leftover in Directory.EnumerateDirectories(home.LogsDirectory, PruningPrefix + "*"))
        {
            try
            {
                TreeRemover.Delete(leftover);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"cannot remove {Path.GetFileName(leftover)} of an earlier prune (tried again next time): {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        return problems;
    }

    private ChangeCount Unapplied(Session session, ComparisonBudget budget)
    {
        try
        {
            return Directory.Exists(session.Paths.Changes) ? new SessionWorkspace(session, time).CountChanges(budget) : ChangeCount.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Errors.VibedomException)
        {
            return ChangeCount.Unreadable;
        }
    }

    private static FileStream? TryLock(Session session)
    {
        Directory.CreateDirectory(session.Paths.Applied);
        return AdvisoryLock.TryTake(Path.Combine(session.Paths.Applied, ".lock"));
    }
}
