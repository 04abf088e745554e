namespace Vibedom.Core.Workspace.Apply;

public sealed partial class Applier
{
    /// <summary>
    /// Restores what the last apply (not yet undone) changed, byte for byte: backed-up files come back as the
    /// very same inode when they could be hard-linked, deleted paths reappear, added ones go. A path changed
    /// again since that apply is left alone and reported. Null when there is nothing to undo.
    /// </summary>
    public UndoOutcome? Undo()
    {
        var last = Journal.All(appliedDirectory).LastOrDefault(j => j.Journal.State != "undone" && j.Journal.Entries.Any(e => e.Done || j.Journal.State == "pending"));
        if (last.Journal is not { } journal)
        {
            return null;
        }

        var restored = new List<string>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var conflicts = new List<(string, string)>();
        var crashed = journal.State == "pending";

        // every folder the undo may remove or write in is the owner's while it runs (the apply may have made it
        // read-only); each gets its mode back last, deepest first: the saved one if restored, else its own
        var finalModes = new Dictionary<string, UnixFileMode>(StringComparer.Ordinal);
        var entries = new WorkspaceEntries(workspace); // only types are read from it, which loosening modes keeps
        foreach (var entry in journal.Entries.Where(e => e.Done || crashed))
        {
            var full = Full(entry.Path);
            if (FileStat.Of(full) is { Type: EntryType.Directory } && entries.SymlinkAbove(entry.Path) is null)
            {
                try
                {
                    finalModes[full] = EnsureWritableDirectory(full)!.Value;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // the restore below reports what is still in the way
                }
            }
        }

        for (var i = journal.Entries.Count - 1; i >= 0; i--)
        {
            var entry = journal.Entries[i];
            if (!entry.Done && !crashed)
            {
                continue;
            }

            var full = Full(entry.Path);
            var now = FileStat.Of(full);
            if (now is { } stat && finalModes.TryGetValue(full, out var saved))
            {
                // judged by the mode it had before this undo loosened it
                now = stat with { Mode = saved | (stat.Mode & ~(UnixFileMode)0b111_111_111_111) };
            }

            var unchanged = entry.Before is null ? now is null : entry.Before.Matches(now);
            if (unchanged)
            {
                // never applied, or already restored by an undo that was interrupted
                entry.Done = false;
                entry.After = null;
                continue;
            }

            if (entry.Done && !(entry.After is null ? now is null : entry.After.Matches(now)))
            {
                conflicts.Add((entry.Path, "changed in the workspace after the apply"));
                continue;
            }

            if ((entry.Before ?? entry.After) is { Type: EntryType.Directory } && (entry.Before is null || entry.After is null || entry.Before.Mode == entry.After.Mode))
            {
                folders.Add(entry.Path);
            }

            try
            {
                Restore(full, entry.Before, now, last.Directory, finalModes);
                entry.Done = false;
                entry.After = null;
                restored.Add(entry.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                conflicts.Add((entry.Path, OneLine(e)));
            }
        }

        if (SetFinalModes(finalModes) is { } problem)
        {
            conflicts.Add((".", problem));
        }

        Native.LibC.SyncFileSystem(workspace);
        journal.State = conflicts.Count == 0 ? "undone" : "partly undone";
        journal.Write(last.Directory);
        var renames = journal.Entries.Where(e => e.RenamedTo is not null).ToDictionary(e => e.Path, e => e.RenamedTo!, StringComparer.Ordinal);
        return new UndoOutcome(journal.Number, restored, conflicts) { Listed = Listed(restored, folders, renames) };
    }

    /// <summary>
    /// The restored paths counted as the apply counted them (<see cref="ChangeSet.ListedOf"/>): a folder the apply
    /// only made or removed around other changes is implied by them, and a rename's deletion by its new path.
    /// </summary>
    private static int Listed(List<string> restored, HashSet<string> folders, Dictionary<string, string> renames)
    {
        var back = restored.ToHashSet(StringComparer.Ordinal);
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in restored)
        {
            var slash = path.LastIndexOf('/');
            while (slash > 0 && parents.Add(path[..slash]))
            {
                slash = path.LastIndexOf('/', slash - 1);
            }
        }

        return restored.Count(p => !(folders.Contains(p) && parents.Contains(p)) && !(renames.TryGetValue(p, out var to) && back.Contains(to)));
    }

    private static void Restore(string full, Snapshot? before, FileStat? now, string journalDirectory, Dictionary<string, UnixFileMode> finalModes)
    {
        if (now is { Type: EntryType.Directory } && before is not { Type: EntryType.Directory })
        {
            Directory.Delete(full, recursive: false);
            finalModes.Remove(full);
            now = null;
        }

        switch (before?.Type)
        {
            case null:
                if (now is not null)
                {
                    File.Delete(full);
                }

                break;
            case EntryType.Directory:
                if (now is not null and not { Type: EntryType.Directory })
                {
                    File.Delete(full);
                }

                EnsureWritableDirectory(full);
                finalModes[full] = (UnixFileMode)before.Mode;
                break;
            case EntryType.Symlink:
                AtomicWriter.WriteSymlink(full, before.LinkTarget!, (before.Uid, before.Gid));
                break;
            case EntryType.File:
                AtomicWriter.RestoreFile(full, Path.Combine(journalDirectory, before.Backup!), (UnixFileMode)before.Mode, (before.Uid, before.Gid));
                break;
            default:
                throw new IOException("special file: cannot be restored");
        }
    }
}
