using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// The blocks allocated under a folder, walked by descriptor: every entry is stat'ed by its one name relative to its open
/// folder, so no path grows with the depth (a full path past PATH_MAX cannot be stat'ed: red team s28 wrote 300 MB below
/// a chain 1,400 folders deep, and none of it counted). Symlinks are never followed. One descriptor is open per level:
/// deeper than <see cref="MaxDepth"/>, or with no descriptor left, the tree cannot be measured (null), never measured short.
/// </summary>
internal static partial class AllocatedTree
{
    /// <summary>Levels walked at most. A path that deep is past what vibedom reads or applies (4000 bytes) many times over.</summary>
    public const int MaxDepth = 4096;

    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxTypeAndBlocks = 0x1 | 0x400;
    private const int OpenDirectoryFlags = 0x0 /* O_RDONLY */ | 0x10000 /* O_DIRECTORY */ | 0x20000 /* O_NOFOLLOW */ | 0x80000 /* O_CLOEXEC */;
    private const int EMFile = 24;
    private const int ENFile = 23;
    private const int RLimitNoFile = 7;

    /// <summary>
    /// The descriptors a walk may hold (<see cref="MaxDepth"/>) plus the process's own: NativeAOT, unlike the JIT runtime,
    /// leaves the soft limit as inherited (1024 under systemd), so it is raised once towards the hard limit.
    /// </summary>
    private static readonly bool Raised = RaiseDescriptorLimit(MaxDepth * 2);

    /// <summary>Bytes allocated to <paramref name="root"/> and everything under it; null when it cannot all be measured.</summary>
    public static long? Measure(string root)
    {
        _ = Raised;
        var total = Allocated(AtCalls.AtFdCwd, root, out var isDirectory);
        var open = new Stack<int>();
        try
        {
            var fd = isDirectory ? AtCalls.OpenAt(AtCalls.AtFdCwd, root, OpenDirectoryFlags) : -1;
            if (fd < 0)
            {
                return total; // gone (the session ended): what was counted stands
            }

            open.Push(fd);
            var buffer = new byte[32 * 1024];
            int length = 0, position = 0;
            while (open.Count > 0)
            {
                if (position >= length)
                {
                    (length, position) = (AtCalls.GetDents(open.Peek(), buffer), 0);
                    if (length <= 0)
                    {
                        _ = AtCalls.Close(open.Pop()); // the end of this folder (or an error reading it): back to its parent's next entry
                        length = 0;
                        continue;
                    }
                }

                // struct linux_dirent64: d_ino 8, d_off 8, d_reclen 2, d_type 1, then the name
                var entry = buffer.AsSpan(position, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(position + 16)));
                position += entry.Length;
                var name = entry[19..];
                var end = name.IndexOf((byte)0);
                name = end < 0 ? name : name[..end];
                if (name.IsEmpty || name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                var parent = open.Peek();
                total += AllocatedAt(parent, name, out isDirectory);
                if (!isDirectory)
                {
                    continue;
                }

                if (open.Count >= MaxDepth)
                {
                    return null;
                }

                var child = AtCalls.OpenAt(parent, name, OpenDirectoryFlags);
                if (child < 0)
                {
                    if (Marshal.GetLastPInvokeError() is EMFile or ENFile)
                    {
                        return null;
                    }

                    continue; // gone meanwhile, replaced by a file or a link, or unreadable (an ordinary user's mode 000: a known gap)
                }

                // the parent is read on from just after this entry once the child is done
                _ = LSeek(parent, BinaryPrimitives.ReadInt64LittleEndian(entry[8..]), 0 /* SEEK_SET */);
                open.Push(child);
                length = 0;
            }

            return total;
        }
        finally
        {
            while (open.Count > 0)
            {
                _ = AtCalls.Close(open.Pop());
            }
        }
    }

    /// <summary>Raises the soft RLIMIT_NOFILE to <paramref name="wanted"/> (at most the hard limit) when it is lower.</summary>
    private static bool RaiseDescriptorLimit(ulong wanted)
    {
        Span<ulong> limit = stackalloc ulong[2]; // struct rlimit: rlim_cur, rlim_max
        if (GetRLimit(RLimitNoFile, ref MemoryMarshal.GetReference(limit)) != 0 || limit[0] >= wanted || limit[0] >= limit[1])
        {
            return false;
        }

        limit[0] = Math.Min(wanted, limit[1]);
        return SetRLimit(RLimitNoFile, ref MemoryMarshal.GetReference(limit)) == 0;
    }

    private static long Allocated(int dirfd, string path, out bool isDirectory)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Read(AtCalls.Statx(dirfd, path, AtSymlinkNoFollow, StatxTypeAndBlocks, buffer) == 0, buffer, out isDirectory);
    }

    private static long AllocatedAt(int dirfd, ReadOnlySpan<byte> name, out bool isDirectory)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Read(AtCalls.Statx(dirfd, name, AtSymlinkNoFollow, StatxTypeAndBlocks, buffer) == 0, buffer, out isDirectory);
    }

    /// <summary>struct statx: stx_mode (u16) at 28, stx_blocks (u64, 512-byte units) at 48.</summary>
    private static long Read(bool ok, ReadOnlySpan<byte> statx, out bool isDirectory)
    {
        isDirectory = ok && (BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]) & 0xF000) == 0x4000;
        return ok ? (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[48..]) * 512 : 0;
    }

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, ref ulong limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, ref ulong limit);
}
