using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace.Apply;

/// <summary>
/// Folder modes: while an apply or undo runs, every folder it creates or changes is the owner's (0700 when new,
/// its mode plus u+rwx when it exists), so a folder the agent left read-only (r-x, as go's module cache or
/// "chmod -R a-w" leave) still takes its files as an ordinary user; the final modes are set last, deepest first.
/// </summary>
public sealed partial class Applier
{
    private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder 0700 (owned as its parent when root), or gives an existing one u+rwx; returns its mode before.</summary>
    internal static UnixFileMode? EnsureWritableDirectory(string path)
    {
        if (FileStat.Of(path) is { Type: EntryType.Directory } existing)
        {
            var mode = existing.Mode & (UnixFileMode)0b111_111_111_111;
            if ((mode & OwnerAll) != OwnerAll)
            {
                File.SetUnixFileMode(path, mode | OwnerAll);
            }

            return mode;
        }

        Directory.CreateDirectory(path, OwnerAll);
        if (Environment.IsPrivilegedProcess && FileStat.Of(Path.GetDirectoryName(path)!) is { } parent)
        {
            LibC.LChown(path, parent.Uid, parent.Gid);
        }

        return null;
    }

    /// <summary>Sets each folder's final mode, deepest first; the first failure, as one line, or null.</summary>
    private string? SetFinalModes(Dictionary<string, UnixFileMode> modes)
    {
        string? error = null;
        foreach (var (path, mode) in modes.OrderByDescending(m => m.Key.Count(c => c == '/')).ThenBy(m => m.Key, StringComparer.Ordinal))
        {
            try
            {
                if (FileStat.Of(path) is { Type: EntryType.Directory })
                {
                    File.SetUnixFileMode(path, mode);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error ??= $"cannot set the mode of {Bounded(Path.GetRelativePath(workspace, path))}: {OneLine(e)}";
            }
        }

        return error;
    }
}
