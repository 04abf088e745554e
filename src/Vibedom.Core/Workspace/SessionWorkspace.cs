using Vibedom.Core.Errors;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace.Apply;

namespace Vibedom.Core.Workspace;

/// <summary>
/// The workspace side of a session: the manifest taken at start, the change set read from changes/, and
/// apply, undo and discard, each logged and reflected in the session's state.
/// </summary>
public sealed class SessionWorkspace(Session session, TimeProvider time)
{
    /// <summary>Conflicts of one apply named in session.log; the rest are counted in one line.</summary>
    internal const int ConflictLinesPerApply = 100;

    /// <summary>The manifest <see cref="StartText"/> reads, once for every conflicted file of one diff (a branch switched meanwhile conflicts hundreds).</summary>
    private Manifest? startManifest;

    /// <summary>Where <see cref="StartText"/> finds each kept content, read once like <see cref="startManifest"/>.</summary>
    private IReadOnlyDictionary<string, (long Offset, int Compressed, int Length)>? startIndex;

    public Session Session => session;

    public string Workspace => session.Record.Workspace;

    /// <summary>
    /// Records the workspace as it is now (call at session start, before the sandbox runs), and keeps the start content
    /// of its small text files but <paramref name="secretFiles"/> (the pre-flight's flagged files: no copy of a secret).
    /// </summary>
    public static Manifest CaptureManifest(Session session, CancellationToken cancellationToken = default, IReadOnlySet<string>? secretFiles = null)
    {
        Manifest manifest;
        using (var keep = StartStore.Create(session.Paths.Start, secretFiles))
        {
            manifest = Manifest.Build(session.Record.Workspace, cancellationToken: cancellationToken, keep: keep);
            keep.Dispose();
            if (keep.Error is not null)
            {
                session.Log.Warn($"The start content of the workspace's files was not all kept ({keep.Error}): some conflicts will show no base");
            }
        }

        manifest.Write(session.Paths.Manifest);
        session.Log.Info($"Manifest of the workspace written: {manifest.Count} paths");
        return manifest;
    }

    /// <summary>
    /// <see cref="CaptureManifest"/> on a pool thread, so the sandbox can start meanwhile (the agent cannot change
    /// the workspace: its writes go to changes/). Await it before the session can end.
    /// </summary>
    public static Task<Manifest> CaptureManifestAsync(Session session, CancellationToken cancellationToken = default, IReadOnlySet<string>? secretFiles = null) =>
        Task.Run(() => CaptureManifest(session, cancellationToken, secretFiles), cancellationToken);

    /// <summary>What the agent changed and is not applied yet, renames paired (<see cref="RenameDetector"/>).</summary>
    public ChangeSet ReadChanges(CancellationToken cancellationToken = default)
    {
        var set = ReadUnpaired(cancellationToken);
        return set with { Changes = RenameDetector.Pair(set.Changes) };
    }

    /// <summary>
    /// How many changes are not applied yet, as listings count them: like <see cref="ChangeSet.Listed"/> but with no
    /// rename paired, so a renamed file counts as two (its deletion and its addition). Pairing reads the agent's files
    /// (up to <see cref="RenameDetector.MaxExactBytes"/>), too much for every session of every listing. Modified files are
    /// compared with the workspace's within <paramref name="budget"/> (one for the whole listing); past it they count as changes.
    /// </summary>
    public ChangeCount CountChanges(ComparisonBudget budget, CancellationToken cancellationToken = default)
    {
        var listed = ChangeSet.ListedOf(ReadUnpaired(cancellationToken, budget).Changes);
        return new ChangeCount(listed.Count, listed.Count(c => c.Uncompared));
    }

    private ChangeSet ReadUnpaired(CancellationToken cancellationToken, ComparisonBudget? budget = null)
    {
        var set = ChangeSet.Read(session.Paths.Changes, Workspace, session.Record.OverlayXattrs ?? OverlayXattrs.Unknown, cancellationToken, budget);
        var applied = Journal.AppliedPaths(session.Paths.Applied);
        var ignored = session.Record.ReviewIgnore;
        return applied.Count == 0 && ignored.Count == 0 ? set
            // the agent's own bookkeeping (its profile's review_ignore) stays in changes/, never shown or applied
            : set with { Changes = set.Changes.Where(c => !applied.Contains(c.Path) && !ignored.Any(i => c.Path == i || c.Path.StartsWith(i + "/", StringComparison.Ordinal))).ToList() };
    }

    /// <summary>The changes apply would refuse; none known when the session has no manifest (apply then refuses them all).</summary>
    public IReadOnlyList<ApplyConflict> FindConflicts(IEnumerable<WorkspaceChange> changes) =>
        Manifest.Read(session.Paths.Manifest) is { } manifest
            ? new Applier(Workspace, manifest, session.Paths.Applied, time).FindConflicts(changes)
            : [];

    /// <summary>
    /// The content <paramref name="path"/> had when the session started, when it can be proven: kept at start
    /// (<see cref="StartStore"/>), else git HEAD's when it has the manifest's hash (<see cref="StartVersion"/>, sessions
    /// started before the store existed); for showing a conflict three-way.
    /// </summary>
    public StartContent? StartText(string path)
    {
        startManifest ??= Manifest.Read(session.Paths.Manifest);
        if (startManifest?.Find(path) is not { Type: EntryType.File, Hash: { } hash })
        {
            return null;
        }

        startIndex ??= StartStore.ReadIndex(session.Paths.Start);
        return StartStore.TryRead(session.Paths.Start, startIndex, hash) is { } kept ? new StartContent(kept, hash, StartContent.Kept)
            : StartVersion.TryRead(startManifest, path) is { } head ? new StartContent(head, hash, StartContent.GitHead)
            : null;
    }

    /// <summary>Applies <paramref name="changes"/>; conflicts are refused and reported in the outcome.</summary>
    public ApplyOutcome Apply(IReadOnlyList<WorkspaceChange> changes, CancellationToken cancellationToken = default)
    {
        EnsureStopped("apply");
        if (!Directory.Exists(Workspace))
        {
            throw VibedomException.Failed($"the workspace {Workspace} no longer exists; nothing was applied (the changes stay in {session.Paths.Changes})");
        }

        using var exclusive = Lock("apply");
        var outcome = CreateApplier().Apply(changes, cancellationToken);
        // the agent decides how many paths conflict: the first ones by name, the rest counted (the outcome lists them all)
        foreach (var conflict in outcome.Conflicts.Take(ConflictLinesPerApply))
        {
            session.Log.Warn($"Not applied: {conflict.Change.Path}: {conflict.Reason}");
        }

        if (outcome.Conflicts.Count > ConflictLinesPerApply)
        {
            session.Log.Warn($"Not applied: {outcome.Conflicts.Count - ConflictLinesPerApply} more path(s) not named here");
        }

        if (outcome.Applied.Count > 0)
        {
            // counted as listed (folders that only hold other changes are implied), as every screen counts them
            session.Log.Milestone($"Applied {ChangeSet.ListedOf(outcome.Applied).Count} change(s) to {Workspace} (undo journal {outcome.JournalNumber})");
            session.Update(r => r with { State = SessionState.Applied });
        }

        if (outcome.Error is not null)
        {
            session.Log.Milestone($"Apply stopped: {outcome.Error}", "ERROR");
        }

        return outcome;
    }

    /// <summary>Reverts the last apply; null when nothing was applied.</summary>
    public UndoOutcome? Undo()
    {
        EnsureStopped("undo");
        using var exclusive = Lock("undo");
        var manifest = LoadManifest();
        var outcome = new Applier(Workspace, manifest, session.Paths.Applied, time).Undo();
        if (outcome is null)
        {
            return null;
        }

        if (manifest.Refresh(Workspace, outcome.Restored))
        {
            manifest.Write(session.Paths.Manifest);
        }

        session.Log.Milestone($"Undid apply {outcome.JournalNumber}: {outcome.Listed} change(s) reverted, {outcome.Conflicts.Count} left alone");
        if (Journal.AppliedPaths(session.Paths.Applied).Count == 0)
        {
            session.Update(r => r with { State = SessionState.Exited });
        }

        return outcome;
    }

    /// <summary>Drops every change not applied yet; returns how many there were.</summary>
    public int Discard(CancellationToken cancellationToken = default)
    {
        EnsureStopped("discard");
        using var exclusive = Lock("discard");
        var count = ReadChanges(cancellationToken).Listed.Count;
        var changes = session.Paths.Changes;
        if (Directory.Exists(changes))
        {
            TreeRemover.RemoveContents(changes, cancellationToken);
        }

        session.Log.Milestone($"Discarded {count} change(s)");
        session.Update(r => r with { State = SessionState.Discarded });
        return count;
    }

    private Applier CreateApplier() => new(Workspace, LoadManifest(), session.Paths.Applied, time);

    private Manifest LoadManifest() =>
        Manifest.Read(session.Paths.Manifest)
        ?? throw VibedomException.Failed($"session {session.Id} has no manifest, so changes made in the workspace meanwhile cannot be detected; copy files by hand from {session.Paths.Changes}");

    /// <summary>One apply, undo or discard of a session at a time (an advisory lock on applied/.lock).</summary>
    private FileStream Lock(string verb)
    {
        Directory.CreateDirectory(session.Paths.Applied);
        return AdvisoryLock.TryTake(Path.Combine(session.Paths.Applied, ".lock"))
            ?? throw VibedomException.Failed($"another apply, undo or discard of session {session.Id} is running; {verb} again when it is done");
    }

    private void EnsureStopped(string verb)
    {
        session.Reload();
        if (session.Record.State is SessionState.Running)
        {
            throw VibedomException.Usage($"session {session.Id} is still running; stop it first ('vibedom stop {session.Id}'), then {verb}");
        }
    }
}
