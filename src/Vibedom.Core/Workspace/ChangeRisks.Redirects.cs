namespace Vibedom.Core.Workspace;

/// <summary>
/// The workspace's own symlinks that the agent's changes redirect out of the workspace: a link of the workspace that
/// stays inside today may leave it once a link on its way is replaced (by a link, or a link by a folder, or deleted).
/// The change that does it is flagged, with the link it redirects.
/// </summary>
public sealed partial class ChangeRisks
{
    private Dictionary<string, string>? _redirects;

    private string? RedirectReason(WorkspaceChange change)
    {
        _redirects ??= Redirects();
        return _redirects.TryGetValue(change.Path, out var link)
            ? $"makes the workspace's symlink {link} lead out of the workspace (through this change): tools that follow it read or write there"
            : null;
    }

    /// <summary>For each change on the way of a workspace link that now leaves the workspace (and did not), that link.</summary>
    private Dictionary<string, string> Redirects()
    {
        var redirects = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!_changes.Any(RedirectsLinks))
        {
            return redirects; // no link made, changed or removed, no folder replaced: every path resolves as it did
        }

        var before = new MergedView(_root, []);
        foreach (var (path, stat) in WorkspaceWalker.Walk(_root))
        {
            if (stat.Type != EntryType.Symlink || _view.Change(path) is not null || _view.Find(path) is not { Type: EntryType.Symlink, LinkTarget: { } target })
            {
                continue; // not a link of the workspace, or one the agent changed (resolved as its own change)
            }

            var visited = new HashSet<string>(StringComparer.Ordinal);
            if (Resolve(_view, Folder(path), target, visited) == LinkEnd.Inside || visited.Count == 0 ||
                Resolve(before, Folder(path), target, visited: null) != LinkEnd.Inside)
            {
                continue;
            }

            // the changes on its way that can turn it: links made, changed or removed, folders replaced
            foreach (var change in visited.Where(p => RedirectsLinks(_view.Change(p)!)))
            {
                redirects.TryAdd(change, path);
            }
        }

        return redirects;
    }

    private static bool RedirectsLinks(WorkspaceChange change) =>
        change.Before?.Type == EntryType.Symlink || change.After?.Type == EntryType.Symlink ||
        (change.Before?.Type == EntryType.Directory && change.After?.Type != EntryType.Directory);

    private static List<string> Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? [] : [.. path[..slash].Split('/')];
    }
}
