using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Vibedom.Core.Workspace.Native;

/// <summary>
/// An agent's state folder by descriptor: a folder walked one name at a time (O_NOFOLLOW, made 0700 when missing), a
/// tree copied without ever following a link, and the advisory locks that say which session holds the state.
/// </summary>
internal static partial class LibC
{
    public const int LockShared = 1;
    public const int LockExclusive = 2;
    public const int LockNoWait = 4;
    private const int EEXIST = 17;
    private const int EWOULDBLOCK = 11;
    private const int MaxCopyDepth = 256;

#pragma warning disable CA2101, CA5392, SYSLIB1054 // UTF-8 paths on Unix; libc is resolved by the runtime
    [DllImport("libc", SetLastError = true, EntryPoint = "mkdirat")]
    private static extern unsafe int MkdirAtNative(int dirfd, byte* name, uint mode);

    [DllImport("libc", SetLastError = true, EntryPoint = "flock")]
    private static extern int FlockNative(SafeFileHandle fd, int operation);

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern int OpenCreateNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);
#pragma warning restore CA2101, CA5392, SYSLIB1054

    /// <summary>Opens (making it 0700 when missing) the folder <paramref name="name"/> of <paramref name="dirfd"/>, never through a link.</summary>
    /// <exception cref="IOException">It is a symbolic link or not a folder (or cannot be made).</exception>
    public static unsafe int OpenOrMakeFolderAt(int dirfd, string name)
    {
        var raw = Terminated(Encoding.UTF8.GetBytes(name));
        fixed (byte* p = raw)
        {
            if (MkdirAtNative(dirfd, p, 0b111_000_000) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
            {
                throw new IOException($"cannot make the folder: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            var fd = OpenAtNative(dirfd, p, ORdOnly | ODirectory | ONoFollow | OCloExec);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException(errno is 40 /* ELOOP */ or 20 /* ENOTDIR */ ? "is a symbolic link or not a folder" : Marshal.GetPInvokeErrorMessage(errno));
            }

            return fd;
        }
    }

    /// <summary>A lock file (made 0600 when missing) opened for flock.</summary>
    public static SafeFileHandle OpenLockFile(string path)
    {
        var fd = OpenCreateNative(path, 0x2 /* O_RDWR */ | 0x40 /* O_CREAT */ | ONoFollow | OCloExec, 0b110_000_000);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>flock(2); false when <see cref="LockNoWait"/> was given and another open file holds a conflicting lock.</summary>
    public static bool Flock(SafeFileHandle file, int operation)
    {
        while (FlockNative(file, operation) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EWOULDBLOCK)
            {
                return false;
            }

            if (errno != 4 /* EINTR */)
            {
                throw new IOException($"cannot lock: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }

        return true;
    }

    /// <summary>
    /// Copies the tree under the folder <paramref name="source"/> (written by an agent, possibly changing meanwhile) into
    /// the existing folder <paramref name="destination"/> (vibedom's own): folders and regular files (mode bits 0777 only:
    /// no set-id bit), symbolic links as links (never followed), nothing else. Every name is opened relative to its
    /// folder's descriptor with O_NOFOLLOW. Names that are not UTF-8, and entries that vanish or cannot be read, are left out.
    /// A file's data extents only are copied (a sparse file stays sparse) and charged to <paramref name="maxBytes"/> in 4 KiB blocks.
    /// </summary>
    /// <exception cref="InvalidDataException">The tree is larger than <paramref name="maxBytes"/> or <paramref name="maxEntries"/>, or deeper than 256.</exception>
    public static void CopyTree(string source, string destination, long maxBytes, int maxEntries)
    {
        var fd = OpenDirectory(source);
        try
        {
            var budget = (Bytes: maxBytes, Entries: maxEntries);
            CopyIn(fd, destination, 0, ref budget);
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    private static void CopyIn(int dirfd, string destination, int depth, ref (long Bytes, int Entries) budget)
    {
        if (depth > MaxCopyDepth)
        {
            throw new InvalidDataException($"folders nested deeper than {MaxCopyDepth}");
        }

        foreach (var raw in Names(dirfd))
        {
            if (--budget.Entries < 0)
            {
                throw new InvalidDataException("too many files");
            }

            string name;
            try
            {
                name = new UTF8Encoding(false, true).GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                continue;
            }

            int path;
            try
            {
                path = OpenAtRaw(dirfd, raw, OPath | ONoFollow | OCloExec);
            }
            catch (IOException)
            {
                continue; // removed meanwhile
            }

            try
            {
                CopyEntry(dirfd, path, name, Path.Combine(destination, name), depth, ref budget);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // changed or unreadable while copied: left out of the copy (the shared state is not touched)
            }
            finally
            {
                _ = CloseNative(path);
            }
        }
    }

    private static void CopyEntry(int dirfd, int path, string name, string target, int depth, ref (long Bytes, int Entries) budget)
    {
        var mode = ModeOf(path);
        var permissions = (UnixFileMode)(mode & 0x1ff);
        switch (mode & 0xf000)
        {
            case 0x4000:
                Directory.CreateDirectory(target, permissions | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                var sub = OpenAtRaw(path, "."u8.ToArray(), ORdOnly | ODirectory | OCloExec);
                try
                {
                    CopyIn(sub, target, depth + 1, ref budget);
                }
                finally
                {
                    _ = CloseNative(sub);
                }

                break;
            case 0x8000:
                // reopened through the descriptor's folder: O_NOFOLLOW and a regular-file check again (it may have been swapped)
                using (var input = OpenRegular($"/proc/self/fd/{dirfd}/{name}"))
                using (var output = new FileStream(target, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = permissions | UnixFileMode.UserRead | UnixFileMode.UserWrite,
                }))
                {
                    CopyDataExtents(input, output, ref budget);
                }

                break;
            case 0xa000:
                if (new FileInfo($"/proc/self/fd/{dirfd}/{name}").LinkTarget is { } link)
                {
                    File.CreateSymbolicLink(target, link);
                }

                break;
        }
    }

    /// <summary>
    /// Copies only the data extents of <paramref name="input"/> (holes stay holes; the length as it was when opened, the
    /// file may grow meanwhile), charging each extent's blocks (4 KiB), not the apparent size, to the budget.
    /// </summary>
    private static void CopyDataExtents(SafeFileHandle input, FileStream output, ref (long Bytes, int Entries) budget)
    {
        var length = RandomAccess.GetLength(input);
        var buffer = new byte[1 << 16];
        foreach (var (offset, size) in DataExtents(input, length))
        {
            budget.Bytes -= (size + 4095) & ~4095L;
            if (budget.Bytes < 0)
            {
                throw new InvalidDataException("too large");
            }

            for (long done = 0; done < size;)
            {
                var read = RandomAccess.Read(input, buffer.AsSpan(0, (int)Math.Min(buffer.Length, size - done)), offset + done);
                if (read == 0)
                {
                    break;
                }

                RandomAccess.Write(output.SafeFileHandle, buffer.AsSpan(0, read), offset + done);
                done += read;
            }
        }

        output.SetLength(length);
    }
}
