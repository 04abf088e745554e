using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>The kernel structures the measurement reads (statx, statfs) and fstatfs.</summary>
internal static partial class HeldDeletedFiles
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxWanted = 0x1 /* TYPE */ | 0x4 /* NLINK */ | 0x100 /* INO */ | 0x400 /* BLOCKS */;
    private const int OpenDirectory = 0x10000 /* O_DIRECTORY */ | 0x80000 /* O_CLOEXEC */;
    private const int OpenPath = 0x200000 /* O_PATH */ | 0x80000 /* O_CLOEXEC */;
    private const int EPerm = 1;
    private const int EAccess = 13;
    private const long ReadOnlyMount = 1; // ST_RDONLY in statfs f_flags

    /// <summary>statfs f_type of the file systems that are memory, not disk: tmpfs (and memfd), ramfs, hugetlbfs, secretmem.</summary>
    private static readonly long[] MemoryFileSystems = [0x01021994, 0x858458f6, 0x958458f6, 0x5345434d];

    /// <summary>struct statx: a regular file (stx_mode at 28) with no name (stx_nlink at 16) and blocks (stx_blocks at 48).</summary>
    private static bool IsHeld(ReadOnlySpan<byte> statx) =>
        (BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]) & 0xF000) == 0x8000
        && BinaryPrimitives.ReadUInt32LittleEndian(statx[16..]) == 0
        && BinaryPrimitives.ReadUInt64LittleEndian(statx[48..]) > 0;

    /// <summary>struct statfs (64-bit): a file system that is not memory (f_type at 0), mounted writable (f_flags at 80).</summary>
    private static bool IsDisk(ReadOnlySpan<byte> statfs) =>
        Array.IndexOf(MemoryFileSystems, BinaryPrimitives.ReadInt64LittleEndian(statfs)) < 0
        && (BinaryPrimitives.ReadInt64LittleEndian(statfs[80..]) & ReadOnlyMount) == 0;

    /// <summary>struct statx: stx_dev_major at 136, stx_dev_minor at 140, stx_ino at 32.</summary>
    private static (ulong Dev, ulong Ino) Identity(ReadOnlySpan<byte> statx) =>
        (((ulong)BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]),
         BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]));

    /// <summary>The pid namespace (nsfs device and inode) behind the link <paramref name="path"/> (a process's <c>ns/pid</c>).</summary>
    private static (ulong Dev, ulong Ino)? NamespaceOf(int dirfd, string path)
    {
        Span<byte> statx = stackalloc byte[256];
        return AtCalls.Statx(dirfd, path, 0, 0x100 /* INO */, statx) == 0 ? Identity(statx) : null;
    }

    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    private static partial int FStatFsRaw(int fd, ref byte buffer);

    private static int FStatFs(int fd, Span<byte> buffer) => FStatFsRaw(fd, ref MemoryMarshal.GetReference(buffer));
}
