using System.Runtime.InteropServices;

namespace Vibedom.Core.Workspace.Native;

/// <summary>Directories by descriptor: names as raw bytes (a name need not be UTF-8), and removal with openat/unlinkat (no path ever longer than one name).</summary>
internal static partial class LibC
{
    private const int AtRemoveDir = 0x200;
    private const int OPath = 0x200000;

#pragma warning disable CA2101, CA5392, SYSLIB1054 // UTF-8 paths on Unix; libc is resolved by the runtime
    [DllImport("libc", SetLastError = true, EntryPoint = "opendir")]
    private static extern nint OpenDirNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc", SetLastError = true, EntryPoint = "fdopendir")]
    private static extern nint FdOpenDirNative(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "readdir")]
    private static extern nint ReadDirNative(nint dir);

    [DllImport("libc", SetLastError = true, EntryPoint = "closedir")]
    private static extern int CloseDirNative(nint dir);

    [DllImport("libc", SetLastError = true, EntryPoint = "openat")]
    private static extern unsafe int OpenAtNative(int dirfd, byte* name, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "unlinkat")]
    private static extern unsafe int UnlinkAtNative(int dirfd, byte* name, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "chmod")]
    private static extern int ChmodNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
#pragma warning restore CA2101, CA5392, SYSLIB1054

    /// <summary>The names in <paramref name="directory"/> as raw bytes (no "." or ".."); null when it cannot be opened.</summary>
    public static List<byte[]>? RawNames(string directory)
    {
        var dir = OpenDirNative(directory);
        return dir == 0 ? null : ReadAndClose(dir).ConvertAll(e => e.Name);
    }

    /// <summary>
    /// The entries of <paramref name="directory"/> (a path whose names that are not UTF-8 are escaped: <see cref="NameEscaping"/>)
    /// as raw names with their <c>d_type</c> (0 where the file system does not say; no "." or ".."). Throws when it cannot be read.
    /// </summary>
    public static List<(byte[] Name, byte Type)> RawEntries(string directory)
    {
        var fd = OpenPath(directory, ORdOnly | ODirectory | OCloExec);
        var dir = fd < 0 ? 0 : FdOpenDirNative(fd);
        if (dir == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (fd >= 0)
            {
                _ = CloseNative(fd);
            }

            var message = $"cannot read {directory}: {Marshal.GetPInvokeErrorMessage(errno)}";
            throw errno == 13 /* EACCES */ ? new UnauthorizedAccessException(message) : new IOException(message);
        }

        return ReadAndClose(dir);
    }

    /// <summary>Every entry of an open directory stream, which is then closed.</summary>
    private static List<(byte[] Name, byte Type)> ReadAndClose(nint dir)
    {
        try
        {
            return ReadAll(dir);
        }
        finally
        {
            _ = CloseDirNative(dir);
        }
    }

    private static unsafe List<(byte[] Name, byte Type)> ReadAll(nint dir)
    {
        var entries = new List<(byte[], byte)>();
        for (var entry = ReadDirNative(dir); entry != 0; entry = ReadDirNative(dir))
        {
            // struct dirent (glibc and musl, 64-bit): d_ino 8, d_off 8, d_reclen 2, d_type 1, then d_name
            var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + 19);
            if (!(name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)))
            {
                entries.Add((name.ToArray(), *((byte*)entry + 18)));
            }
        }

        return entries;
    }

    /// <summary>The first entry of the open directory <paramref name="fd"/>, or null when it is empty (fd stays open).</summary>
    public static byte[]? FirstName(int fd) => EntriesAt(fd) is [var first, ..] ? first.Name : null;

    /// <summary>Every entry of the open directory <paramref name="dirfd"/>, read through a copy of it (dirfd stays open).</summary>
    private static List<(byte[] Name, byte Type)> EntriesAt(int dirfd)
    {
        var copy = OpenAtRaw(dirfd, "."u8.ToArray(), ORdOnly | ODirectory | OCloExec);
        var dir = FdOpenDirNative(copy);
        if (dir == 0)
        {
            _ = CloseNative(copy);
            throw new IOException($"cannot read a directory: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return ReadAndClose(dir);
    }

    public static int OpenDirectory(string path)
    {
        var fd = OpenNative(path, ORdOnly | ODirectory | ONoFollow | OCloExec);
        return fd >= 0 ? fd : throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>openat(2) of one name (or ".."); throws on failure.</summary>
    public static unsafe int OpenAtRaw(int dirfd, byte[] name, int flags)
    {
        fixed (byte* p = Terminated(name))
        {
            var fd = OpenAtNative(dirfd, p, flags);
            return fd >= 0 ? fd : throw new IOException($"cannot open a folder in changes/: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>
    /// Opens a subdirectory without following a symlink, first giving its owner rwx back (the agent may have
    /// removed it); false when the name is not a directory. Only a real directory is ever chmodded.
    /// </summary>
    public static bool TryOpenSubdirectory(int dirfd, byte[] name, out int fd)
    {
        fd = -1;
        int path;
        try
        {
            path = OpenAtRaw(dirfd, name, OPath | ODirectory | ONoFollow | OCloExec);
        }
        catch (IOException) when (Marshal.GetLastPInvokeError() is 20 /* ENOTDIR */ or 40 /* ELOOP */)
        {
            return false;
        }

        try
        {
            // chmod through the descriptor's /proc link reaches exactly the directory opened above
            _ = ChmodNative($"/proc/self/fd/{path}", 0b111_000_000);
            fd = OpenAtRaw(path, "."u8.ToArray(), ORdOnly | ODirectory | OCloExec);
            return true;
        }
        finally
        {
            _ = CloseNative(path);
        }
    }

    public static unsafe void UnlinkAt(int dirfd, byte[] name, bool directory)
    {
        fixed (byte* p = Terminated(name))
        {
            if (UnlinkAtNative(dirfd, p, directory ? AtRemoveDir : 0) != 0)
            {
                throw new IOException($"cannot remove an entry of changes/: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
    }

    public static void Close(int fd) => _ = CloseNative(fd);

    private static byte[] Terminated(byte[] name) => [.. name, 0];
}
