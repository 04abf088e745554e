using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// The descriptor-relative calls the disk watcher's walks make (<see cref="AllocatedTree"/>, <see cref="HeldDeletedFiles"/>):
/// a name is passed as its bytes, never decoded, so a name that is not UTF-8 is reached as it is.
/// </summary>
internal static partial class AtCalls
{
    public const int AtFdCwd = -100;

    /// <summary>statx(2) of <paramref name="path"/> (a path of vibedom's own) into <paramref name="buffer"/> (256 bytes).</summary>
    public static int Statx(int dirfd, string path, int flags, uint mask, Span<byte> buffer) =>
        StatxPath(dirfd, path, flags, mask, ref MemoryMarshal.GetReference(buffer));

    /// <summary>statx(2) of one name in the open folder <paramref name="dirfd"/> into <paramref name="buffer"/> (256 bytes).</summary>
    public static unsafe int Statx(int dirfd, ReadOnlySpan<byte> name, int flags, uint mask, Span<byte> buffer)
    {
        Span<byte> terminated = stackalloc byte[name.Length + 1];
        name.CopyTo(terminated);
        terminated[^1] = 0;
        fixed (byte* p = terminated)
        {
            return StatxRaw(dirfd, p, flags, mask, ref MemoryMarshal.GetReference(buffer));
        }
    }

    public static int OpenAt(int dirfd, string path, int flags) => OpenAtPath(dirfd, path, flags);

    public static unsafe int OpenAt(int dirfd, ReadOnlySpan<byte> name, int flags)
    {
        Span<byte> terminated = stackalloc byte[name.Length + 1];
        name.CopyTo(terminated);
        terminated[^1] = 0;
        fixed (byte* p = terminated)
        {
            return OpenAtRaw(dirfd, p, flags);
        }
    }

    /// <summary>getdents64(2): the bytes of whole entries read into <paramref name="buffer"/>; 0 at the end, negative on an error.</summary>
    public static int GetDents(int fd, byte[] buffer) => (int)GetDents64(fd, ref MemoryMarshal.GetArrayDataReference(buffer), (nuint)buffer.Length);

    /// <summary>The name of the entry at <paramref name="position"/> in what <see cref="GetDents"/> read; advances past it.</summary>
    public static ReadOnlySpan<byte> NextName(ReadOnlySpan<byte> entries, ref int position)
    {
        // struct linux_dirent64: d_ino 8, d_off 8, d_reclen 2, d_type 1, then the name
        var entry = entries.Slice(position, BinaryPrimitives.ReadUInt16LittleEndian(entries[(position + 16)..]));
        position += entry.Length;
        var name = entry[19..];
        return name.IndexOf((byte)0) is var end and >= 0 ? name[..end] : name;
    }

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxPath(int dirfd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int StatxRaw(int dirfd, byte* name, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtPath(int dirfd, string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static unsafe partial int OpenAtRaw(int dirfd, byte* name, int flags);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64(int fd, ref byte buffer, nuint count);
}
