namespace Vibedom.Core.Workspace;

/// <summary>
/// A change conflicts when the workspace path is no longer what the manifest recorded at session start:
/// the user edited, replaced or deleted it, or created a path the agent created too. Such a path is never
/// overwritten. A file that was only touched (same content by hash, same mode) is no conflict.
/// </summary>
public static class ConflictDetector
{
    /// <summary>Why <paramref name="change"/> must not be applied, or null when it is safe.</summary>
    public static string? Check(WorkspaceChange change, Manifest manifest, string workspace)
    {
        var path = Path.Combine(workspace, change.Path);
        var now = FileStat.Of(path);
        var then = manifest.Find(change.Path);
        if (then is null)
        {
            return now is null ? null : "created in the workspace after the session started";
        }

        if (now is not { } current)
        {
            return "deleted from the workspace after the session started";
        }

        if (then.Matches(current) || SameContent(then, current, path))
        {
            return null;
        }

        return current.Type != then.Type ? "replaced in the workspace after the session started" : "changed in the workspace after the session started";
    }

    private static bool SameContent(ManifestEntry then, FileStat now, string path) =>
        then.Hash is not null && now.Type == then.Type && now.Mode == then.Mode && now.Size == then.Size &&
        now.Type is EntryType.File or EntryType.Symlink && ContentHash.TryOf(path) == then.Hash;
}
