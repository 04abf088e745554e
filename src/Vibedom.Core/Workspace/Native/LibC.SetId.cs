using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vibedom.Core.Workspace.Native;

/// <summary>
/// Clearing set-user-ID and set-group-ID bits from a tree the agent wrote, by descriptor: every name is opened relative
/// to its folder's descriptor with O_NOFOLLOW, so a symbolic link (or a folder swapped for one meanwhile) is never
/// followed, and only what the descriptor names is ever chmodded.
/// </summary>
internal static partial class LibC
{
    private const int MaxSetIdDepth = 256;

    /// <summary>Clears S_ISUID and S_ISGID of every regular file under the folder <paramref name="root"/> (not through a symlink); returns how many.</summary>
    /// <exception cref="IOException">The tree is nested deeper than <see cref="MaxSetIdDepth"/> folders or a folder cannot be read.</exception>
    public static int ClearSetId(string root)
    {
        var fd = OpenDirectory(root);
        try
        {
            return ClearSetIdIn(fd, 0);
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    private static int ClearSetIdIn(int dirfd, int depth)
    {
        if (depth > MaxSetIdDepth)
        {
            throw new IOException($"folders nested deeper than {MaxSetIdDepth}");
        }

        var cleared = 0;
        foreach (var name in Names(dirfd))
        {
            int path;
            try
            {
                path = OpenAtRaw(dirfd, name, OPath | ONoFollow | OCloExec);
            }
            catch (IOException) when (Marshal.GetLastPInvokeError() is ENOENT)
            {
                continue; // removed meanwhile
            }

            try
            {
                var mode = ModeOf(path);
                if ((mode & 0xf000) == 0x8000 && (mode & 0xc00) != 0)
                {
                    // chmod through the descriptor's /proc link reaches exactly the regular file opened above
                    if (ChmodNative($"/proc/self/fd/{path}", (uint)(mode & 0xfff & ~0xc00)) != 0)
                    {
                        throw new IOException($"cannot clear a set-id bit: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                    }

                    cleared++;
                }
                else if ((mode & 0xf000) == 0x4000)
                {
                    var sub = OpenAtRaw(path, "."u8.ToArray(), ORdOnly | ODirectory | OCloExec);
                    try
                    {
                        cleared += ClearSetIdIn(sub, depth + 1);
                    }
                    finally
                    {
                        _ = CloseNative(sub);
                    }
                }
            }
            finally
            {
                _ = CloseNative(path);
            }
        }

        return cleared;
    }

    /// <summary>st_mode of what the descriptor names (an O_PATH descriptor of a symlink: the link itself).</summary>
    private static int ModeOf(int fd)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (StatxNative(fd, string.Empty, AtEmptyPath | AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            throw new IOException($"cannot stat an entry: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
    }

    private static List<byte[]> Names(int dirfd)
    {
        var copy = OpenAtRaw(dirfd, "."u8.ToArray(), ORdOnly | ODirectory | OCloExec);
        var dir = FdOpenDirNative(copy);
        if (dir == 0)
        {
            _ = CloseNative(copy);
            throw new IOException($"cannot read a directory: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            return ReadAll(dir);
        }
        finally
        {
            _ = CloseDirNative(dir);
        }
    }
}
