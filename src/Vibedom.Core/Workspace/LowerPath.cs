namespace Vibedom.Core.Workspace;

/// <summary>
/// Resolves an overlay redirect strictly inside the lower layer (the workspace): an absolute redirect is a path
/// from the overlay root, a relative one a single sibling name. No empty, <c>.</c> or <c>..</c> component, no NUL,
/// and every component is looked at without following it: a symlink anywhere, or a last component of the wrong
/// type (a device, fifo or socket where data is read), is refused.
/// </summary>
internal static class LowerPath
{
    private const int MaxRedirect = 4096;

    /// <summary>The resolved path and null, or null and the reason it is refused.</summary>
    public static (string? Path, string? Refusal) Resolve(string workspace, string redirect, string? lowerSamePath, EntryType expected)
    {
        if (redirect.Length == 0 || redirect.Length > MaxRedirect || redirect.Contains('\0', StringComparison.Ordinal))
        {
            return (null, "its overlay redirect is malformed");
        }

        string start;
        string[] parts;
        if (redirect.StartsWith('/'))
        {
            start = workspace;
            parts = redirect[1..].Split('/');
        }
        else
        {
            if (lowerSamePath is null)
            {
                return (null, "its overlay redirect names a sibling in a folder the workspace does not have");
            }

            start = Path.GetDirectoryName(lowerSamePath)!;
            parts = [redirect];
        }

        if (parts.Any(p => p.Length == 0 || p is "." or ".." || p.Contains('/', StringComparison.Ordinal)))
        {
            return (null, $"its overlay redirect '{redirect}' leaves the workspace or is not a plain path");
        }

        var path = start;
        for (var i = 0; i < parts.Length; i++)
        {
            path = Path.Combine(path, parts[i]);
            var last = i == parts.Length - 1;
            switch (FileStat.Of(path))
            {
                case null:
                    return (null, $"its overlay redirect '{redirect}' names nothing in the workspace");
                case { Type: EntryType.Directory } when !last:
                    continue;
                case { } stat when last && stat.Type == expected:
                    return (path, null);
                case { Type: EntryType.Symlink }:
                    return (null, $"its overlay redirect '{redirect}' goes through a symlink");
                default:
                    return (null, $"its overlay redirect '{redirect}' is not a {(expected == EntryType.File ? "regular file" : "directory")} of the workspace");
            }
        }

        return (null, "its overlay redirect is malformed");
    }

    /// <summary>The data of a metacopy file without redirect: the lower file at the same path, which must be a regular file.</summary>
    public static (string? Path, string? Refusal) SamePath(string? lowerSamePath) =>
        lowerSamePath is not null && FileStat.Of(lowerSamePath) is { Type: EntryType.File }
            ? (lowerSamePath, null)
            : (null, "it is a metadata-only copy whose data is not a regular file of the workspace");
}
