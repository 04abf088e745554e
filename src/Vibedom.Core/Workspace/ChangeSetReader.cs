namespace Vibedom.Core.Workspace;

/// <summary>
/// Merges the overlay layers as overlayfs does (upper over lower; whiteouts, opaque dirs, redirects and
/// metacopy honoured) and compares the result with the workspace, one directory at a time. Only directories
/// present in the upper layer (or redirected) are read, so the cost follows the size of the change. What
/// cannot be read safely (see <see cref="WorkspaceChange.Refused"/>) is listed as refused and never followed.
/// </summary>
internal sealed partial class ChangeSetReader(string workspace, OverlayAttributes attributes, CancellationToken cancellationToken, ComparisonBudget? budget = null)
{
    private readonly List<WorkspaceChange> _changes = [];

    public List<WorkspaceChange> Read(string upperRoot)
    {
        DiffDirectory(string.Empty, upperRoot, workspace, attributes.IsOpaque(upperRoot));
        return _changes;
    }

    /// <summary>What the merged view holds at one path.</summary>
    private sealed record Desired(FileStat Stat, string? UpperPath, string? LowerPath, string ContentPath, bool Opaque, string? Note)
    {
        public string? Refusal { get; init; }
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : relative + "/" + name;

    private string Current(string relative) => relative.Length == 0 ? workspace : Path.Combine(workspace, relative);

    private void DiffDirectory(string relative, string? upperDir, string? lowerDir, bool opaque)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var currentDir = Current(relative);
        var lowerIsCurrent = !opaque && lowerDir == currentDir;
        var desired = new Dictionary<string, Desired?>(StringComparer.Ordinal);
        if (!opaque && lowerDir is not null && !lowerIsCurrent)
        {
            foreach (var name in WorkspaceWalker.Names(lowerDir))
            {
                desired[name] = FromLower(Path.Combine(lowerDir, name));
            }
        }

        if (upperDir is not null)
        {
            foreach (var (name, refusal) in UpperNames(relative, upperDir))
            {
                desired[name] = refusal is not null
                    ? Refused(FileStat.Of(Path.Combine(upperDir, name)), Path.Combine(upperDir, name), refusal)
                    : FromUpper(Path.Combine(upperDir, name), opaque || lowerDir is null ? null : Path.Combine(lowerDir, name));
            }
        }

        var names = new SortedSet<string>(desired.Keys, StringComparer.Ordinal);
        if (!lowerIsCurrent)
        {
            names.UnionWith(WorkspaceWalker.Names(currentDir));
        }

        foreach (var name in names)
        {
            var child = Join(relative, name);
            Compare(child, desired.GetValueOrDefault(name), StatOrNull(Current(child)));
        }
    }

    private void Compare(string relative, Desired? desired, FileStat? current)
    {
        var currentPath = Current(relative);
        if (desired is null)
        {
            if (current is { } gone)
            {
                DeleteTree(relative, gone);
            }

            return;
        }

        if (desired.Refusal is not null)
        {
            if (desired.Stat.IsWhiteoutDevice)
            {
                // the agent deleted it (a name that is not UTF-8, say): shown as the deletion it is, and still never applied
                if (current is { } deleted)
                {
                    _changes.Add(new WorkspaceChange(relative, ChangeKind.Deleted, EntryState.From(deleted, currentPath), null) { Refused = desired.Refusal.Replace(CopyByHand, DeleteByHand, StringComparison.Ordinal) });
                }

                return;
            }

            _changes.Add(new WorkspaceChange(relative, current is null ? ChangeKind.Added : ChangeKind.Modified, current is { } was ? EntryState.From(was, currentPath) : null, After(desired))
            {
                Refused = desired.Refusal,
                ContentChanged = current is not null,
            });
            return;
        }

        if (current is not { } now)
        {
            AddTree(relative, desired);
            return;
        }

        var wanted = desired.Stat;
        if (wanted.Type == EntryType.Directory && now.Type == EntryType.Directory)
        {
            if (wanted.Mode != now.Mode)
            {
                _changes.Add(new WorkspaceChange(relative, ChangeKind.Modified, EntryState.From(now, currentPath), After(desired)) { ModeChanged = true, Note = desired.Note });
            }

            if (desired.UpperPath is not null || desired.Opaque || desired.LowerPath != currentPath)
            {
                DiffDirectory(relative, desired.UpperPath, desired.LowerPath, desired.Opaque);
            }

            return;
        }

        if (wanted.Type != now.Type || wanted.Type is EntryType.Directory or EntryType.Other or EntryType.CharDevice)
        {
            DeleteTree(relative, now);
            AddTree(relative, desired);
            return;
        }

        var before = EntryState.From(now, currentPath);
        var after = After(desired);
        var same = wanted.Type == EntryType.Symlink
            ? before.LinkTarget == after.LinkTarget
            : FileComparison.SameContent(desired.ContentPath, currentPath, budget);
        var contentChanged = same != true;
        var modeChanged = wanted.Type != EntryType.Symlink && wanted.Mode != now.Mode;
        if (contentChanged || modeChanged)
        {
            _changes.Add(new WorkspaceChange(relative, ChangeKind.Modified, before, after)
            {
                ContentChanged = contentChanged,
                Uncompared = same is null,
                ModeChanged = modeChanged,
                Note = desired.Note ?? (contentChanged ? null : "mode only"),
            });
        }
    }

    private void DeleteTree(string relative, FileStat current)
    {
        var path = Current(relative);
        if (current.Type == EntryType.Directory)
        {
            foreach (var name in WorkspaceWalker.Names(path))
            {
                var child = Join(relative, name);
                if (FileStat.Of(Current(child)) is { } stat)
                {
                    DeleteTree(child, stat);
                }
            }
        }

        _changes.Add(new WorkspaceChange(relative, ChangeKind.Deleted, EntryState.From(current, path), null));
    }

    private void AddTree(string relative, Desired desired)
    {
        _changes.Add(new WorkspaceChange(relative, ChangeKind.Added, null, After(desired)) { Note = desired.Note });
        if (desired.Stat.Type == EntryType.Directory)
        {
            DiffDirectory(relative, desired.UpperPath, desired.Opaque ? null : desired.LowerPath, desired.Opaque);
        }
    }

    private static EntryState After(Desired desired) =>
        EntryState.From(desired.Stat, desired.ContentPath) with
        {
            Size = desired.Stat.Type == EntryType.File && desired.ContentPath != desired.UpperPath
                ? FileStat.Of(desired.ContentPath)?.Size ?? desired.Stat.Size
                : desired.Stat.Size,
            LinkTarget = desired.Stat.Type == EntryType.Symlink && !NameEscaping.HasRawBytes(desired.UpperPath ?? desired.ContentPath) ? new FileInfo(desired.UpperPath ?? desired.ContentPath).LinkTarget : null,
        };

    private static Desired? FromLower(string path) =>
        StatOrNull(path) is { } stat ? new Desired(stat, null, stat.Type == EntryType.Directory ? path : null, path, false, null) : null;
}
