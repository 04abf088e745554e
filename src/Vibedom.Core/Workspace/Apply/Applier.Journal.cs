using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace.Apply;

public sealed partial class Applier
{
    /// <summary>
    /// Saves the state of every path about to change (files as hard links into the journal, else copies)
    /// and writes the journal durably. Nothing in the workspace has been touched if this throws.
    /// </summary>
    private (string Directory, Journal Journal) Prepare(List<WorkspaceChange> ready)
    {
        Directory.CreateDirectory(appliedDirectory);
        var number = NextNumber(appliedDirectory);
        var directory = Path.Combine(appliedDirectory, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var backups = Path.Combine(directory, "before");
        Directory.CreateDirectory(backups);
        try
        {
            var entries = new List<JournalEntry>(ready.Count);
            for (var i = 0; i < ready.Count; i++)
            {
                var change = ready[i];
                var full = Full(change.Path);
                var before = Snapshot(change.Path);
                if (before is { Type: EntryType.File })
                {
                    var name = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var backup = Path.Combine(backups, name);
                    if (!LibC.TryLink(full, backup))
                    {
                        using (var input = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                        using (var output = new FileStream(backup, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, PreallocationSize = input.Length }))
                        {
                            input.CopyTo(output);
                            output.Flush(flushToDisk: true);
                        }
                    }

                    before = before with { Backup = "before/" + name };
                }

                entries.Add(new JournalEntry { Path = change.Path, Kind = change.Kind, Before = before, RenamedTo = change.RenamedTo });
            }

            LibC.FsyncDirectory(backups);
            var journal = new Journal
            {
                Number = number,
                Workspace = workspace,
                CreatedAt = time.GetUtcNow(),
                State = "pending",
                Entries = entries,
            };
            journal.Write(directory);
            return (directory, journal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // the journal folder is incomplete and was never used
            }

            throw Errors.VibedomException.Failed($"cannot write the undo journal in {directory}: {OneLine(e)}; nothing was applied", e);
        }
    }

    /// <summary>Makes the workspace path what the agent left (<paramref name="staged"/>: its new content, already written beside it).</summary>
    private void Execute(WorkspaceChange change, string? staged, Dictionary<string, UnixFileMode> finalModes)
    {
        var full = Full(change.Path);
        if (change.Kind == ChangeKind.Deleted)
        {
            if (change.Before!.Type == EntryType.Directory)
            {
                Directory.Delete(full, recursive: false);
            }
            else
            {
                File.Delete(full);
            }

            return;
        }

        var after = change.After!;
        if (staged is not null)
        {
            AtomicWriter.Commit(staged, full);
            return;
        }

        var before = FileStat.Of(full) is { } stat ? Workspace.Apply.Snapshot.Of(stat, full) : null;
        switch (after.Type)
        {
            case EntryType.Directory:
                // writable while the apply runs; the final mode is set last (a read-only folder still takes its files)
                EnsureWritableDirectory(full);
                finalModes[full] = AppliedMode.Of(after);
                break;
            case EntryType.Symlink:
                AtomicWriter.WriteSymlink(full, after.LinkTarget!, OwnerFor(before, full));
                break;
            case EntryType.File:
                // a new file: nothing of the user's to lose, so the final sync is enough
                AtomicWriter.WriteFile(full, after.ContentPath, AppliedMode.Of(after), OwnerFor(before, full), durable: false);
                break;
            default:
                throw new IOException("special file: not applied");
        }
    }
}
