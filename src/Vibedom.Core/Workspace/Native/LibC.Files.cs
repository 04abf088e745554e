using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vibedom.Core.Workspace.Native;

/// <summary>Opening what the agent left without being fooled: regular files only, never through a symlink, never blocking on a fifo.</summary>
internal static partial class LibC
{
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int ODirectory = 0x10000;
    private const int ONoFollow = 0x20000;
    private const int OCloExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int ENXIO = 6;

#pragma warning disable CA2101, CA5392, SYSLIB1054 // UTF-8 paths on Unix; libc is resolved by the runtime
    [DllImport("libc", SetLastError = true, EntryPoint = "lseek")]
    private static extern long LSeekNative(SafeFileHandle fd, long offset, int whence);

    [DllImport("libc", SetLastError = true, EntryPoint = "fallocate")]
    private static extern int FallocateNative(SafeFileHandle fd, int mode, long offset, long length);
#pragma warning restore CA2101, CA5392, SYSLIB1054

    /// <summary>Reserves <paramref name="length"/> bytes for an open file; a full disk throws, a file system without fallocate is left as it is.</summary>
    public static void Allocate(SafeFileHandle file, long length)
    {
        if (FallocateNative(file, 0, 0, length) != 0 && Marshal.GetLastPInvokeError() is var errno && errno is 28 /* ENOSPC */ or 27 /* EFBIG */ or 122 /* EDQUOT */)
        {
            throw new IOException($"cannot reserve {length} bytes: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading only if it is a regular file: a symlink as the last component is
    /// refused (O_NOFOLLOW), a fifo does not block (O_NONBLOCK), a device or socket is closed unread. A name that is
    /// not UTF-8 (escaped: <see cref="NameEscaping"/>) is opened by its bytes.
    /// </summary>
    public static SafeFileHandle OpenRegular(string path)
    {
        var fd = OpenPath(path, ORdOnly | ONoFollow | ONonBlock | OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = errno == 40 /* ELOOP */ ? "it is a symlink" : Marshal.GetPInvokeErrorMessage(errno);
            throw errno == 13 ? new UnauthorizedAccessException($"cannot read {path}: {message}") : new IOException($"cannot read {path}: {message}");
        }

        Span<byte> buffer = stackalloc byte[256];
        if (StatxNative(fd, string.Empty, AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0 ||
            (BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]) & 0xf000) != 0x8000)
        {
            _ = CloseNative(fd);
            throw new IOException($"cannot read {path}: not a regular file");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>A read-only stream over <see cref="OpenRegular"/>.</summary>
    public static FileStream OpenRegularStream(string path, int bufferSize = 1 << 16) => new(OpenRegular(path), FileAccess.Read, bufferSize);

    /// <summary>
    /// The data extents of an open file up to <paramref name="size"/> (SEEK_DATA / SEEK_HOLE): holes of a sparse
    /// file are skipped, so a 4 TiB file of holes has no extent at all. A file system without the calls is one extent.
    /// </summary>
    public static IEnumerable<(long Offset, long Length)> DataExtents(SafeFileHandle file, long size)
    {
        long offset = 0;
        while (offset < size)
        {
            var data = LSeekNative(file, offset, SeekData);
            if (data < 0)
            {
                if (Marshal.GetLastPInvokeError() == ENXIO)
                {
                    yield break;
                }

                yield return (offset, size - offset);
                yield break;
            }

            var hole = LSeekNative(file, data, SeekHole);
            var end = hole < 0 ? size : Math.Min(hole, size);
            if (end <= data)
            {
                yield break;
            }

            yield return (data, end - data);
            offset = end;
        }
    }
}
