using System.IO.Enumeration;

namespace Vibedom.Core.Workspace;

/// <summary>Every path under a directory with its lstat, parents before children; symlinks are not followed.</summary>
internal static class WorkspaceWalker
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    public static IEnumerable<(string Relative, FileStat Stat)> Walk(string root, CancellationToken cancellationToken = default)
    {
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relativeDir = pending.Pop();
            foreach (var name in Names(relativeDir.Length == 0 ? root : Path.Combine(root, relativeDir)))
            {
                var relative = relativeDir.Length == 0 ? name : relativeDir + "/" + name;
                if (FileStat.Of(Path.Combine(root, relative)) is not { } stat)
                {
                    continue;
                }

                yield return (relative, stat);
                if (stat.Type == EntryType.Directory)
                {
                    pending.Push(relative);
                }
            }
        }
    }

    /// <summary>The names in one directory, sorted ordinally; empty when it cannot be read.</summary>
    public static List<string> Names(string directory)
    {
        try
        {
            var names = new FileSystemEnumerable<string>(directory, (ref FileSystemEntry e) => e.FileName.ToString(), Options).ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
