using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
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
        private int _threads;
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

                var tables = new ThreadTables();
                foreach (var tid in Threads(pid, proc))
                {
                    if (++_threads > MaxThreads)
                    {
                        return Fail($"more than {MaxThreads} threads in the sandbox");
                    }

                    if (!Thread(pid, proc, tid, tables))
                    {
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                _ = AtCalls.Close(proc);
            }
        }

        /// <summary>
        /// What the thread <paramref name="tid"/> of <paramref name="pid"/> reaches that no thread before it did: its
        /// descriptor table, its memory (mappings and program). A thread may have a table of its own (a clone without
        /// <c>CLONE_FILES</c>), and once the process's first thread has exited, <c>/proc/PID</c> shows no descriptor,
        /// mapping nor program at all (red team s30): each is read through <c>/proc/TID</c> of a thread that has it.
        /// </summary>
        private bool Thread(int pid, int proc, int tid, ThreadTables tables)
        {
            var files = tables.IsNewFiles(tid);
            var memory = tables.IsNewMemory(tid);
            if (!files && !memory)
            {
                return true;
            }

            var task = tid == pid ? proc : AtCalls.OpenAt(AtCalls.AtFdCwd, $"/proc/{tid.ToString(CultureInfo.InvariantCulture)}", OpenPath | OpenDirectory);
            if (task < 0)
            {
                return true; // gone
            }

            try
            {
                if (task != proc && NamespaceOf(task, "ns/pid") != sandbox)
                {
                    return true; // gone, and its id taken by a process of another namespace
                }

                _skipped = false;
                if ((files && !Entries(pid, task, "fd"u8)) || _skipped)
                {
                    return Failure is null;
                }

                if (!memory)
                {
                    return true;
                }

                if ((!_mapsHidden && !Entries(pid, task, "map_files"u8)) || _skipped)
                {
                    return Failure is null;
                }

                return Consider(task, "exe"u8) is not (EPerm or EAccess) || Denied(pid);
            }
            finally
            {
                if (task != proc)
                {
                    _ = AtCalls.Close(task);
                }
            }
        }

        /// <summary>The thread ids in <c>task/</c> of <paramref name="pid"/>'s folder <paramref name="proc"/>; the process alone when it cannot be read.</summary>
        private List<int> Threads(int pid, int proc)
        {
            var tids = new List<int>();
            var fd = AtCalls.OpenAt(proc, "task"u8, OpenDirectory);
            if (fd < 0)
            {
                return [pid];
            }

            try
            {
                int length;
                while ((length = AtCalls.GetDents(fd, _buffer)) > 0)
                {
                    for (var position = 0; position < length;)
                    {
                        var name = AtCalls.NextName(_buffer.AsSpan(0, length), ref position);
                        if (Utf8Parser.TryParse(name, out int tid, out var used) && used == name.Length && tid > 0)
                        {
                            tids.Add(tid);
                        }
                    }
                }

                return tids;
            }
            finally
            {
                _ = AtCalls.Close(fd);
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
                        var name = AtCalls.NextName(_buffer.AsSpan(0, length), ref position);
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
