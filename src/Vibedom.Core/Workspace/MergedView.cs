namespace Vibedom.Core.Workspace;

/// <summary>
/// The workspace as the agent left it, as git or a tool would see it after an apply of everything: a path the
/// agent changed is what it left (nothing when deleted), any other path is what the workspace holds now.
/// Looked up entry by entry, never through a link; each workspace path looked at once (<see cref="WorkspaceEntries"/>):
/// build one per review.
/// </summary>
internal sealed class MergedView
{
    private readonly string _root;
    private readonly Dictionary<string, WorkspaceChange> _changes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _parents = new(StringComparer.Ordinal);
    private readonly WorkspaceEntries _workspace;
    private readonly FolderFold<bool> _hidden;

    public MergedView(string workspace, IEnumerable<WorkspaceChange> changes)
    {
        _root = workspace;
        _workspace = new WorkspaceEntries(workspace);

        // below a folder the agent deleted or put in place of something else, the workspace's entries are not seen
        _hidden = new FolderFold<bool>(false, (folder, above) => above ||
            (_changes.TryGetValue(folder, out var change) && (change.After is not { Type: EntryType.Directory } || change.Before is { Type: not EntryType.Directory })));
        foreach (var change in changes)
        {
            _changes.TryAdd(change.Path, change);
            if (change.After is not null)
            {
                // the folders above what the agent left exist, even when the change set does not list them
                for (var slash = change.Path.LastIndexOf('/'); slash > 0 && _parents.Add(change.Path[..slash]); slash = change.Path.LastIndexOf('/', slash - 1))
                {
                }
            }
        }
    }

    /// <summary>What <paramref name="path"/> ('/'-separated, relative) is: type and link target, or null when nothing is there.</summary>
    public (EntryType Type, string? LinkTarget)? Find(string path)
    {
        if (path.Length == 0)
        {
            return (EntryType.Directory, null);
        }

        if (_changes.TryGetValue(path, out var change))
        {
            return change.After is { } after ? (after.Type, after.LinkTarget) : null;
        }

        if (_hidden.Above(path))
        {
            return null;
        }

        if (_parents.Contains(path))
        {
            return (EntryType.Directory, null);
        }

        return _workspace.Stat(path) is { } stat ? (stat.Type, stat.Type == EntryType.Symlink ? new FileInfo(Path.Combine(_root, path)).LinkTarget : null) : null;
    }

    /// <summary>The agent's change of exactly <paramref name="path"/>, if it made one.</summary>
    public WorkspaceChange? Change(string path) => _changes.GetValueOrDefault(path);

    public bool IsFolderLike(string path) => Find(path) is { Type: EntryType.Directory or EntryType.Symlink };

    public bool IsFileLike(string path) => Find(path) is { Type: EntryType.File or EntryType.Symlink };
}
