using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Vibedom.Core.Workspace.Native;

/// <summary>
/// The few libc calls .NET does not expose: lstat with inode and nanosecond times (statx),
/// extended attributes of a path without following symlinks (lgetxattr), hard links and fsync of a directory.
/// </summary>
internal static partial class LibC
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int ENOENT = 2;
    private const int ENODATA = 61;
    private const int ERANGE = 34;
    private const int ENOTSUP = 95;

#pragma warning disable CA2101, CA5392, SYSLIB1054 // UTF-8 paths on Unix; libc is resolved by the runtime
    [DllImport("libc", SetLastError = true, EntryPoint = "statx")]
    private static extern int StatxNative(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", SetLastError = true, EntryPoint = "statx")]
    private static extern unsafe int StatxRawNative(int dirfd, byte* path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", SetLastError = true, EntryPoint = "lgetxattr")]
    private static extern nint LGetXattrNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, ref byte value, nuint size);

    [DllImport("libc", SetLastError = true, EntryPoint = "link")]
    private static extern int LinkNative([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);

    [DllImport("libc", SetLastError = true, EntryPoint = "rename")]
    private static extern int RenameNative([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern unsafe int OpenRawNative(byte* path, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "fsync")]
    private static extern int FsyncNative(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "syncfs")]
    private static extern int SyncfsNative(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "close")]
    private static extern int CloseNative(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "lchown")]
    private static extern int LChownNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
#pragma warning restore CA2101, CA5392, SYSLIB1054

    /// <summary>st_nlink of <paramref name="path"/> (not followed); 0 when it cannot be stat'ed.</summary>
    public static int LinkCount(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        return StatxNative(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) == 0
            ? (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]), int.MaxValue)
            : 0;
    }

    /// <summary>
    /// lstat of <paramref name="path"/>; null when it does not exist. A path holding a name that is not UTF-8 (escaped,
    /// <see cref="NameEscaping"/>) is looked up by the bytes it stands for.
    /// </summary>
    public static FileStat? LStat(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(path, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or 20 /* ENOTDIR */)
            {
                return null;
            }

            throw new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var mtimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        return new FileStat(
            TypeOf(mode),
            (UnixFileMode)(mode & 0xfff),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[40..]),
            (mtimeSeconds * 1_000_000_000L) + mtimeNanos,
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[128..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[132..]));
    }

    private static unsafe int Statx(string path, Span<byte> buffer)
    {
        if (!NameEscaping.HasRawBytes(path))
        {
            return StatxNative(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer));
        }

        var raw = NameEscaping.Unescape(path + "\0");
        fixed (byte* p = raw)
        {
            return StatxRawNative(AtFdCwd, p, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer));
        }
    }

    /// <summary>open(2) of <paramref name="path"/>; a path holding a name that is not UTF-8 (escaped) is opened by the bytes it stands for.</summary>
    private static unsafe int OpenPath(string path, int flags)
    {
        if (!NameEscaping.HasRawBytes(path))
        {
            return OpenNative(path, flags);
        }

        fixed (byte* p = NameEscaping.Unescape(path + "\0"))
        {
            return OpenRawNative(p, flags);
        }
    }

    /// <summary>The value of an extended attribute, or null when the path has none of that name (or the file system has none).</summary>
    public static string? GetXattr(string path, string name)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var length = LGetXattrNative(path, name, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENODATA or ENOTSUP or ENOENT or ERANGE)
            {
                return null;
            }

            throw new IOException($"cannot read {name} of {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        return Encoding.UTF8.GetString(buffer[..(int)length]);
    }

    /// <summary>Hard-links <paramref name="existing"/> as <paramref name="created"/>; false when they are on different file systems or links are refused.</summary>
    public static bool TryLink(string existing, string created) => LinkNative(existing, created) == 0;

    /// <summary>rename(2): atomically replaces <paramref name="to"/> (File.Move refuses a symlink to a directory).</summary>
    public static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw new IOException($"cannot rename {from} to {to}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>fsync of a directory, so a rename inside it survives a crash.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = OpenNative(path, 0x10000 /* O_RDONLY | O_DIRECTORY */);
        if (fd < 0)
        {
            return;
        }

        _ = FsyncNative(fd);
        _ = CloseNative(fd);
    }

    /// <summary>syncfs(2) of the file system holding <paramref name="path"/>: one flush for a whole batch of writes.</summary>
    public static void SyncFileSystem(string path)
    {
        var fd = OpenNative(path, 0x10000 /* O_RDONLY | O_DIRECTORY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (SyncfsNative(fd) != 0)
            {
                throw new IOException($"cannot sync {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    public static void LChown(string path, uint owner, uint group)
    {
        if (LChownNative(path, owner, group) != 0)
        {
            throw new IOException($"cannot chown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    private static EntryType TypeOf(ushort mode) => (mode & 0xf000) switch
    {
        0x8000 => EntryType.File,
        0x4000 => EntryType.Directory,
        0xa000 => EntryType.Symlink,
        0x2000 => EntryType.CharDevice,
        _ => EntryType.Other,
    };
}
