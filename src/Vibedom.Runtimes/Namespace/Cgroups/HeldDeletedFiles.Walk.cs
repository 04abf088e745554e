using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace.Cgroups;

internal static partial class HeldDeletedFiles
{
    /// <summary>One measurement: the inodes counted, the work spent, why it gave up.</summary>
    private sealed class Walk((ulong Dev, ulong Ino) sandbox, int maxProcesses, int maxEntries)
    {
        private readonly HashSet<(ulong Dev, ulong Ino)> _counted = [];
        private readonly byte[] _buffer = new byte[32 * 1024];
        private int _processes;
        private int _entries;
        private bool _mapsHidden;
        private bool _skipped;

        public long Bytes { get; private set; }

        public string? Failure { get; private set; }

        /// <summary>Adds what the process <paramref name="pid"/> (its /proc folder <paramref name="dir"/>) holds when it is the sandbox's; false to give up.</summary>
        public bool Process(int pid, string dir)
        {
            var proc = AtCalls.OpenAt(AtCalls.AtFdCwd, dir, OpenPath | OpenDirectory);
            if (proc < 0)
            {
                return true; // gone
            }

            try
            {
                if (NamespaceOf(proc, "ns/pid") != sandbox)
                {
                    return true; // another namespace's, gone, or not ours to see (then not the sandbox's: its processes are)
                }

                if (++_processes > maxProcesses)
                {
                    return Fail($"more than {maxProcesses} processes in the sandbox");
                }

                _skipped = false;
                if (!Entries(pid, proc, "fd"u8) || _skipped || (!_mapsHidden && !Entries(pid, proc, "map_files"u8)))
                {
                    return Failure is null;
                }

                return Consider(proc, "exe"u8) is not (EPerm or EAccess) || Denied(pid);
            }
            finally
            {
                _ = AtCalls.Close(proc);
            }
        }

        private bool Entries(int pid, int proc, ReadOnlySpan<byte> folder)
        {
            var maps = folder.SequenceEqual("map_files"u8);
            var fd = AtCalls.OpenAt(proc, folder, OpenDirectory);
            if (fd < 0)
            {
                return Marshal.GetLastPInvokeError() is not (EPerm or EAccess) || maps || Denied(pid);
            }

            try
            {
                int length;
                while ((length = AtCalls.GetDents(fd, _buffer)) > 0)
                {
                    for (var position = 0; position < length;)
                    {
                        // struct linux_dirent64: d_ino 8, d_off 8, d_reclen 2, d_type 1, then the name
                        var entry = _buffer.AsSpan(position, BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(position + 16)));
                        position += entry.Length;
                        var name = entry[19..];
                        name = name.IndexOf((byte)0) is var end and >= 0 ? name[..end] : name;
                        if (name.IsEmpty || name[0] == (byte)'.')
                        {
                            continue;
                        }

                        if (++_entries > maxEntries)
                        {
                            return Fail($"more than {maxEntries} open files and mappings");
                        }

                        switch (Consider(fd, name))
                        {
                            case EPerm when maps:
                                _mapsHidden = true; // map_files to an ordinary user: the kernel refuses every entry
                                return true;
                            case EPerm or EAccess:
                                return Denied(pid);
                        }
                    }
                }

                return true;
            }
            finally
            {
                _ = AtCalls.Close(fd);
            }
        }

        /// <summary>
        /// Counts the file behind the magic link <paramref name="name"/> in <paramref name="dirfd"/> when it is held space;
        /// the errno when it cannot be stat'ed (ENOENT: gone meanwhile), else 0.
        /// </summary>
        private int Consider(int dirfd, ReadOnlySpan<byte> name)
        {
            Span<byte> statx = stackalloc byte[256];
            if (AtCalls.Statx(dirfd, name, 0 /* follow the magic link to the inode */, StatxWanted, statx) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            if (!IsHeld(statx))
            {
                return 0;
            }

            // the candidate itself, by an O_PATH descriptor (nothing opened for reading): its inode and its mount, from one object
            var path = AtCalls.OpenAt(dirfd, name, OpenPath);
            if (path < 0)
            {
                return 0; // closed meanwhile
            }

            try
            {
                Span<byte> statfs = stackalloc byte[256];
                if (AtCalls.Statx(path, ""u8, AtEmptyPath, StatxWanted, statx) == 0 && IsHeld(statx) && FStatFs(path, statfs) == 0
                    && IsDisk(statfs) && _counted.Add(Identity(statx)))
                {
                    Bytes += (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[48..]) * 512;
                }

                return 0;
            }
            finally
            {
                _ = AtCalls.Close(path);
            }
        }

        /// <summary>
        /// A process of the sandbox whose files the kernel does not show. Root sees every process; to an ordinary user, the
        /// owner of the sandbox's user namespace, it shows every process that ran a program inside (a hostile agent cannot
        /// hide one: no_new_privs, no capabilities), so this one runs vibedom's own code (the sandbox's init and its relay,
        /// or a child between fork and exec) and holds only vibedom's descriptors: skipped. Root-run, it fails.
        /// </summary>
        private bool Denied(int pid)
        {
            _skipped = true;
            return !Environment.IsPrivilegedProcess || Fail($"process {pid}, whose open files cannot be read");
        }

        private bool Fail(string why)
        {
            Failure = why;
            return false;
        }
    }
}
