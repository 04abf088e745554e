namespace Vibedom.Core.Workspace;

/// <summary>
/// Everything the agent changed: the overlay upper dir (<paramref name="Upper"/>) compared with the workspace
/// as it is now (<paramref name="Workspace"/>, the lower layer). Paths the workspace already holds exactly as
/// the agent left them (for example, applied ones) are not changes.
/// </summary>
public sealed record ChangeSet(string Workspace, string Upper, IReadOnlyList<WorkspaceChange> Changes)
{
    /// <summary>Reads the change set of an overlay upper dir over <paramref name="workspace"/>; overlay metadata as for <see cref="OverlayXattrs.Unknown"/>.</summary>
    public static ChangeSet Read(string upper, string workspace, CancellationToken cancellationToken = default) =>
        Read(upper, workspace, OverlayXattrs.Unknown, cancellationToken);

    /// <summary>Reads the change set of an overlay upper dir over <paramref name="workspace"/>, trusting only the overlay metadata in <paramref name="xattrs"/>.</summary>
    /// <param name="budget">bounds the bytes read to tell a modified file from the workspace's (a listing's); none for a review</param>
    public static ChangeSet Read(string upper, string workspace, OverlayXattrs xattrs, CancellationToken cancellationToken = default, ComparisonBudget? budget = null)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        var upperRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(upper));
        if (!Directory.Exists(upperRoot))
        {
            return new ChangeSet(root, upperRoot, []);
        }

        var changes = new ChangeSetReader(root, new OverlayAttributes(xattrs), cancellationToken, budget).Read(upperRoot);
        return new ChangeSet(root, upperRoot, changes);
    }

    /// <summary>
    /// The changes a person is shown (and counts): directories that only hold other changes are implied by them, and
    /// a renamed file's deletion by its addition (<see cref="RenameDetector"/>).
    /// </summary>
    public IReadOnlyList<WorkspaceChange> Listed => ListedOf(Changes);

    /// <summary>See <see cref="Listed"/>.</summary>
    public static IReadOnlyList<WorkspaceChange> ListedOf(IReadOnlyList<WorkspaceChange> changes)
    {
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            for (var slash = change.Path.LastIndexOf('/'); slash > 0; slash = change.Path.LastIndexOf('/', slash - 1))
            {
                if (!parents.Add(change.Path[..slash]))
                {
                    break;
                }
            }
        }

        var renamed = changes.Where(c => c.Rename is not null).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        return changes.Where(c => (c.Type != EntryType.Directory || c.ModeChanged || !parents.Contains(c.Path)) && !(c.RenamedTo is { } to && renamed.Contains(to))).ToList();
    }

    /// <summary>The changes under the given workspace-relative paths (a path selects itself and everything below it).</summary>
    public IReadOnlyList<WorkspaceChange> Select(IReadOnlyCollection<string> paths)
    {
        if (paths.Count == 0)
        {
            return Changes;
        }

        var prefixes = paths.Select(p => p.Trim('/')).ToList();
        bool Under(string path) => prefixes.Any(p => p.Length == 0 || path == p || path.StartsWith(p + "/", StringComparison.Ordinal));

        // a rename is one change: either of its paths selects both halves
        return Changes.Where(c => Under(c.Path) || (c.Rename is { } from && Under(from.Path)) || (c.RenamedTo is { } to && Under(to))).ToList();
    }
}
