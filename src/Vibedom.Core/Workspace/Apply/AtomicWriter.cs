using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace.Apply;

/// <summary>
/// Replaces one path atomically: the new content goes to a temp file in the same directory, gets its mode
/// (and owner) and is renamed over the target. If anything fails (a full disk, say) the temp file is removed
/// and the target is exactly as it was. Durability comes from an fsync per file or, for a batch, one syncfs.
/// </summary>
internal static class AtomicWriter
{
    /// <summary>Replaces <paramref name="target"/> by a copy of <paramref name="source"/>; <paramref name="durable"/>: fsync before the rename.</summary>
    public static void WriteFile(string target, string source, UnixFileMode mode, (uint Uid, uint Gid)? owner, bool durable = true)
    {
        var temp = Stage(target, source, mode, owner, durable);
        try
        {
            LibC.Rename(temp, target);
            if (durable)
            {
                LibC.FsyncDirectory(Path.GetDirectoryName(target)!);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes the new content to a temp file beside <paramref name="target"/> (space reserved up front, mode and
    /// owner set) and returns its path; <see cref="Commit"/> renames it over the target. On failure nothing is left.
    /// </summary>
    public static string Stage(string target, string source, UnixFileMode mode, (uint Uid, uint Gid)? owner, bool durable)
    {
        var temp = TempName(target);
        try
        {
            using (var input = LibC.OpenRegular(source))
            using (var output = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                BufferSize = 0,
            }))
            {
                ExtentCopy.Copy(input, output);
                if (durable)
                {
                    output.Flush(flushToDisk: true);
                }
            }

            if (owner is { } o && Environment.IsPrivilegedProcess)
            {
                LibC.LChown(temp, o.Uid, o.Gid);
            }

            File.SetUnixFileMode(temp, mode);
            return temp;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Atomically puts a staged file in place.</summary>
    public static void Commit(string temp, string target) => LibC.Rename(temp, target);

    public static void Discard(string temp) => TryDelete(temp);

    /// <summary>Restores a backed-up file: a hard link of it (the original inode, times and all), else a copy.</summary>
    public static void RestoreFile(string target, string backup, UnixFileMode mode, (uint Uid, uint Gid)? owner)
    {
        var temp = TempName(target);
        if (!LibC.TryLink(backup, temp))
        {
            WriteFile(target, backup, mode, owner);
            return;
        }

        try
        {
            // the backup is the original inode: its mode may have been changed in place since
            File.SetUnixFileMode(temp, mode);
            LibC.Rename(temp, target);
        }
        finally
        {
            // rename(2) between two links of one inode does nothing and leaves the temp name
            TryDelete(temp);
        }
    }

    public static void WriteSymlink(string target, string linkTarget, (uint Uid, uint Gid)? owner)
    {
        var temp = TempName(target);
        try
        {
            File.CreateSymbolicLink(temp, linkTarget);
            if (owner is { } o && Environment.IsPrivilegedProcess)
            {
                LibC.LChown(temp, o.Uid, o.Gid);
            }

            LibC.Rename(temp, target);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// A fresh name beside <paramref name="target"/> of a fixed length (25 bytes), so a target with a legal name up
    /// to NAME_MAX (255 bytes) always has a legal temp name too.
    /// </summary>
    internal static string TempName(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, TempPrefix + Convert.ToHexStringLower(Vibedom.Scanning.Hashing.SecureRandom.GetBytes(8)));

    internal const string TempPrefix = ".vibedom-";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the target itself was never touched
        }
    }
}
