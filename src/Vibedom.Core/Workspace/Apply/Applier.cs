using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace.Apply;

/// <summary>
/// Applies changes to the workspace without ever losing a byte of the user's: conflicting paths (per the
/// manifest) are refused, an undo journal with a backup of every touched path is written durably before the
/// first write, and each path is replaced atomically. A write that fails (a full disk) changes nothing.
/// </summary>
public sealed partial class Applier(string workspace, Manifest manifest, string appliedDirectory, TimeProvider time)
{
    /// <summary>The changes that must not be applied, with the reason.</summary>
    public IReadOnlyList<ApplyConflict> FindConflicts(IEnumerable<WorkspaceChange> changes)
    {
        var entries = new WorkspaceEntries(workspace);
        return changes.Select(c => Refusal(c, entries) is { } reason ? new ApplyConflict(c, reason) : null).OfType<ApplyConflict>().ToList();
    }

    /// <summary>
    /// Applies the changes that do not conflict. First the new content of every file that replaces an existing
    /// one is staged beside it and the file system is synced once, so a full disk stops the apply before the
    /// workspace changed at all; then deletions, directories, renames and new files follow in order, and a
    /// last sync makes the result durable.
    /// </summary>
    public ApplyOutcome Apply(IReadOnlyList<WorkspaceChange> changes, CancellationToken cancellationToken = default)
    {
        var (ready, conflicts) = Plan(changes);
        if (ready.Count == 0)
        {
            return new ApplyOutcome([], conflicts, null);
        }

        var (directory, journal) = Prepare(ready);
        var staged = new Dictionary<WorkspaceChange, string>(ReferenceEqualityComparer.Instance);
        string? error = null;
        var applied = new List<WorkspaceChange>();
        var finalModes = new Dictionary<string, UnixFileMode>(StringComparer.Ordinal);
        try
        {
            error = Stage(ready, staged, cancellationToken);
            if (error is null)
            {
                LibC.SyncFileSystem(workspace);
                var requested = changes.ToHashSet(ReferenceEqualityComparer.Instance);
                foreach (var (change, entry) in ready.Zip(journal.Entries))
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        error = "cancelled; the files applied so far can be reverted with 'vibedom undo'";
                        break;
                    }

                    try
                    {
                        Execute(change, staged.GetValueOrDefault(change), finalModes);
                        staged.Remove(change);
                        entry.Done = true;
                        entry.After = Snapshot(change.Path);
                        if (requested.Contains(change))
                        {
                            applied.Add(change);
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        error = $"cannot apply {Bounded(change.Path)}: {OneLine(e)}; it was left as it was";
                        break;
                    }
                }

                error ??= SetFinalModes(finalModes);
                foreach (var entry in journal.Entries.Where(e => e.Done && finalModes.ContainsKey(Full(e.Path))))
                {
                    entry.After = Snapshot(entry.Path);
                }

                LibC.SyncFileSystem(workspace);
            }
        }
        finally
        {
            foreach (var temp in staged.Values)
            {
                AtomicWriter.Discard(temp);
            }

            journal.State = error is null ? "complete" : "failed";
            journal.Write(directory);
        }

        return new ApplyOutcome(applied, conflicts, journal.Number) { Error = error };
    }

    /// <summary>
    /// Writes the new content (or, for a mode-only change, a copy with the new mode) of every file that replaces an
    /// existing file; an error means nothing was changed.
    /// </summary>
    private string? Stage(List<WorkspaceChange> ready, Dictionary<WorkspaceChange, string> staged, CancellationToken cancellationToken)
    {
        foreach (var change in ready)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return "cancelled; nothing was changed";
            }

            // a mode-only change is staged too: a chmod in place would change every hard link of the user's file
            var full = Full(change.Path);
            if (change.Kind == ChangeKind.Deleted || change.After is not { Type: EntryType.File } after ||
                FileStat.Of(full) is not { Type: EntryType.File } existing)
            {
                continue;
            }

            try
            {
                staged[change] = AtomicWriter.Stage(full, after.ContentPath, AppliedMode.Of(after), OwnerFor(Workspace.Apply.Snapshot.Of(existing, full), full), durable: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"cannot apply {Bounded(change.Path)}: {OneLine(e)}; nothing was changed";
            }
        }

        return null;
    }

    private string Full(string relative) => Path.Combine(workspace, relative);

    private Snapshot? Snapshot(string relative) =>
        FileStat.Of(Full(relative)) is { } stat ? Workspace.Apply.Snapshot.Of(stat, Full(relative)) : null;

    /// <summary>The error on one line, paths in it relative to the workspace, at most <see cref="MaxShown"/> characters.</summary>
    private string OneLine(Exception e) => Bounded(e.Message.ReplaceLineEndings(" ").Replace(workspace + "/", string.Empty, StringComparison.Ordinal));

    private const int MaxShown = 240;

    /// <summary>A long path or message (names up to 255 bytes, paths of any depth) shortened in the middle.</summary>
    private static string Bounded(string text) =>
        text.Length <= MaxShown ? text : string.Concat(text.AsSpan(0, MaxShown - 80), "…", text.AsSpan(text.Length - 79));

    /// <summary>Splits the changes into the ones to apply, in a safe order, and the refused ones.</summary>
    private (List<WorkspaceChange> Ready, List<ApplyConflict> Conflicts) Plan(IReadOnlyList<WorkspaceChange> changes)
    {
        var entries = new WorkspaceEntries(workspace);
        var conflicts = new List<ApplyConflict>();
        var ready = new List<WorkspaceChange>();
        foreach (var change in changes)
        {
            if (Refusal(change, entries) is { } reason)
            {
                conflicts.Add(new ApplyConflict(change, reason));
            }
            else
            {
                ready.Add(change);
            }
        }

        KeepRenamesWhole(ready, conflicts);
        List<ApplyConflict> blocks;
        while (true)
        {
            blocks = Blocks(ready, entries);
            // a rename's half that cannot be written keeps its other half back too: a renamed file is never only deleted
            var blocked = blocks.Select(b => b.Change).ToHashSet(ReferenceEqualityComparer.Instance);
            var open = ready.Where(c => !blocked.Contains(c)).ToList();
            var lone = new List<ApplyConflict>();
            KeepRenamesWhole(open, lone);
            if (lone.Count == 0)
            {
                break;
            }

            var held = lone.Select(l => l.Change).ToHashSet(ReferenceEqualityComparer.Instance);
            ready.RemoveAll(held.Contains);
            conflicts.AddRange(lone);
        }

        conflicts.AddRange(blocks);
        var blockedChanges = blocks.Select(b => b.Change).ToHashSet(ReferenceEqualityComparer.Instance);
        var order = ready.Where(c => !blockedChanges.Contains(c))
            .OrderBy(c => c.Kind == ChangeKind.Deleted ? 0 : 1)
            .ThenBy(c => c.Kind == ChangeKind.Deleted ? -Depth(c.Path) : Depth(c.Path))
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .ToList();
        return (WithMissingParents(order, entries), conflicts);
    }

    /// <summary>
    /// The changes of <paramref name="ready"/> the workspace as it is now cannot take: a folder to remove that keeps
    /// something, a new path where something stays, a path under a file that stays.
    /// </summary>
    private List<ApplyConflict> Blocks(List<WorkspaceChange> ready, WorkspaceEntries entries)
    {
        var blocks = new List<ApplyConflict>();
        var deleting = ready.Where(c => c.Kind == ChangeKind.Deleted).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);

        // a folder is removed only when everything in it goes too; deepest first, so a kept folder keeps its parent
        foreach (var change in ready.Where(c => c.Kind == ChangeKind.Deleted && c.Before?.Type == EntryType.Directory).OrderByDescending(c => Depth(c.Path)))
        {
            if (WorkspaceWalker.Names(Full(change.Path)).Any(n => !deleting.Contains(change.Path + "/" + n)))
            {
                deleting.Remove(change.Path);
                blocks.Add(new ApplyConflict(change, "directory not empty: what is left in it stays"));
            }
        }

        // the deepest folder above a path that exists as something else than a folder and stays
        var nonDirectories = new FolderFold<string?>(null, (folder, above) =>
            entries.Stat(folder) is { } stat && stat.Type != EntryType.Directory && !deleting.Contains(folder) ? folder : above);
        foreach (var change in ready.Where(c => c.Kind != ChangeKind.Deleted))
        {
            if (change.Kind == ChangeKind.Added && entries.Stat(change.Path) is { } existing && !deleting.Contains(change.Path) &&
                !(existing.Type == EntryType.Directory && change.After!.Type == EntryType.Directory))
            {
                blocks.Add(new ApplyConflict(change, $"the workspace has a {Describe(existing.Type)} there that is not being removed"));
            }
            else if (nonDirectories.Above(change.Path) is { } parent)
            {
                blocks.Add(new ApplyConflict(change, $"{parent} is a file in the workspace and is not being removed"));
            }
        }

        return blocks;
    }

    /// <summary>
    /// A rename is one change: a half whose other half is refused or not chosen stays as it is, so a renamed file
    /// is never only deleted (or only copied).
    /// </summary>
    private static void KeepRenamesWhole(List<WorkspaceChange> ready, List<ApplyConflict> conflicts)
    {
        var paths = ready.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var lone = ready.Where(c => Partner(c) is { } other && !paths.Contains(other)).ToList();
        var dropped = lone.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        lone.AddRange(ready.Where(c => !dropped.Contains(c.Path) && Partner(c) is { } other && dropped.Contains(other)));
        foreach (var change in lone)
        {
            ready.Remove(change);
            conflicts.Add(new ApplyConflict(change, $"renamed together with {Bounded(Partner(change)!)}, which is not applied: both stay as they are"));
        }
    }

    private static string? Partner(WorkspaceChange change) => change.Rename?.Path ?? change.RenamedTo;

    /// <summary>Adds the parent directories an addition needs but nobody creates (the user skipped them).</summary>
    private List<WorkspaceChange> WithMissingParents(List<WorkspaceChange> order, WorkspaceEntries entries)
    {
        var created = order.Where(c => c.Kind != ChangeKind.Deleted && c.After?.Type == EntryType.Directory).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var result = new List<WorkspaceChange>();
        foreach (var change in order)
        {
            if (change.Kind != ChangeKind.Deleted)
            {
                var missing = new Stack<string>();
                for (var parent = ParentOf(change.Path); parent is not null && !created.Contains(parent) && entries.Stat(parent) is null; parent = ParentOf(parent))
                {
                    missing.Push(parent);
                }

                foreach (var parent in missing)
                {
                    created.Add(parent);
                    result.Add(new WorkspaceChange(parent, ChangeKind.Added, null, new EntryState(EntryType.Directory, DefaultDirectoryMode, 0, null, Full(parent))));
                }
            }

            result.Add(change);
        }

        return result;
    }

    private const UnixFileMode DefaultDirectoryMode = (UnixFileMode)0b111_101_101;

    private static string? ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? null : path[..slash];
    }

    private static int Depth(string path) => path.Count(c => c == '/');

    private static string Describe(EntryType type) => type switch
    {
        EntryType.Directory => "directory",
        EntryType.Symlink => "symlink",
        EntryType.File => "file",
        _ => "special file",
    };

    private string? Refusal(WorkspaceChange change, WorkspaceEntries entries)
    {
        if (change.Refused is not null)
        {
            return change.Refused;
        }

        if (change.After is { Type: EntryType.Other or EntryType.CharDevice })
        {
            return "special file (fifo, socket or device): never applied";
        }

        if (entries.SymlinkAbove(change.Path) is { } link)
        {
            return $"{link} is a symlink in the workspace: vibedom never writes through one";
        }

        return ConflictDetector.Check(change, manifest, workspace);
    }

    private static int NextNumber(string appliedDirectory) =>
        Directory.Exists(appliedDirectory)
            ? Directory.EnumerateDirectories(appliedDirectory).Select(d => int.TryParse(Path.GetFileName(d), out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1
            : 1;

    internal static (uint, uint)? OwnerFor(Snapshot? before, string path) =>
        before is not null ? (before.Uid, before.Gid)
        : FileStat.Of(Path.GetDirectoryName(path)!) is { } parent ? (parent.Uid, parent.Gid) : null;
}
