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
    /// <summary>Folders held open at once (one descriptor per level); a folder deeper than that is reported, not walked.</summary>
    private const int MaxSetIdDepth = 1024;

    /// <summary>
    /// Clears S_ISUID and S_ISGID of every regular file under the folder <paramref name="root"/> (not through a symlink)
    /// that can be reached, with an explicit stack of folder descriptors: a folder that cannot be opened or read, or is
    /// nested deeper than <see cref="MaxSetIdDepth"/>, never stops the walk; it is reported in the result.
    /// </summary>
    /// <exception cref="IOException">The root itself cannot be opened or read.</exception>
    public static SetIdWalk ClearSetId(string root)
    {
        var fd = OpenDirectory(root);
        var stack = new Stack<SetIdFrame>();
        try
        {
            stack.Push(new SetIdFrame(fd, Names(fd), []));
        }
        catch
        {
            _ = CloseNative(fd);
            throw;
        }

        var walk = new SetIdWalk(0, 0, null, null);
        try
        {
            while (stack.TryPeek(out var frame))
            {
                if (frame.Next == frame.Names.Count)
                {
                    _ = CloseNative(stack.Pop().Fd);
                    continue;
                }

                var name = frame.Names[frame.Next++];
                byte[] relative = frame.Path.Length == 0 ? name : [.. frame.Path, (byte)'/', .. name];
                walk = ClearSetIdAt(frame.Fd, name, relative, stack, walk);
            }
        }
        finally
        {
            while (stack.TryPop(out var frame))
            {
                _ = CloseNative(frame.Fd);
            }
        }

        return walk;
    }

    /// <summary>One entry of a folder: its set-id bits cleared, or (a folder) pushed to be walked; a failure is reported in the result.</summary>
    private static SetIdWalk ClearSetIdAt(int dirfd, byte[] name, byte[] relative, Stack<SetIdFrame> stack, SetIdWalk walk)
    {
        int path;
        try
        {
            path = OpenAtRaw(dirfd, name, OPath | ONoFollow | OCloExec);
        }
        catch (IOException)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT ? walk : Unwalked(walk, relative, $"cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}"); // ENOENT: removed meanwhile
        }

        try
        {
            var mode = ModeOf(path);
            if ((mode & 0xf000) == 0x8000 && (mode & 0xc00) != 0)
            {
                // chmod through the descriptor's /proc link reaches exactly the regular file opened above
                return ChmodNative($"/proc/self/fd/{path}", (uint)(mode & 0xfff & ~0xc00)) == 0
                    ? walk with { Cleared = walk.Cleared + 1 }
                    : Unwalked(walk, relative, $"cannot clear a set-id bit: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            if ((mode & 0xf000) == 0x4000)
            {
                if (stack.Count > MaxSetIdDepth)
                {
                    return Unwalked(walk, relative, $"folders nested deeper than {MaxSetIdDepth}");
                }

                int sub;
                try
                {
                    sub = OpenAtRaw(path, "."u8.ToArray(), ORdOnly | ODirectory | OCloExec);
                }
                catch (IOException)
                {
                    return Unwalked(walk, relative, $"cannot be read: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }

                try
                {
                    stack.Push(new SetIdFrame(sub, Names(sub), relative));
                }
                catch
                {
                    _ = CloseNative(sub);
                    throw;
                }
            }

            return walk;
        }
        catch (IOException e)
        {
            return Unwalked(walk, relative, e.Message);
        }
        finally
        {
            _ = CloseNative(path);
        }
    }

    private static SetIdWalk Unwalked(SetIdWalk walk, byte[] relative, string why) =>
        walk.FirstUnwalked is null ? walk with { Unwalked = 1, FirstUnwalked = relative, Why = why } : walk with { Unwalked = walk.Unwalked + 1 };

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

    private static List<byte[]> Names(int dirfd) => EntriesAt(dirfd).ConvertAll(e => e.Name);
}
