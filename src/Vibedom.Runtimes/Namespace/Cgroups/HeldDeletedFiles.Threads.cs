using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace.Cgroups;

internal static partial class HeldDeletedFiles
{
    /// <summary>Threads of the sandbox measured at most in one measurement (its pids limit bounds them first).</summary>
    public const int MaxThreads = 1 << 16;

    /// <summary>
    /// The descriptor tables and memories already read among one process's threads, told apart by <c>kcmp(2)</c>: a
    /// thread sharing both with one before it (nearly all do) costs two comparisons and nothing is read again. Where the
    /// kernel cannot compare (no <c>kcmp</c>), every thread is read and none kept; past <see cref="MaxKept"/> distinct
    /// ones, the new ones are read without being kept, so a thread costs at most 32 comparisons (at the default 4096 pids,
    /// 131,072 a measurement) and what it reads counts against <see cref="MaxEntries"/>.
    /// </summary>
    private sealed class ThreadTables
    {
        private const int KcmpVm = 1;
        private const int KcmpFiles = 2;
        private const int MaxKept = 16;

        private readonly List<int> _files = [];
        private readonly List<int> _memories = [];

        /// <summary>Whether <paramref name="tid"/>'s descriptor table is none read before (then it is one now).</summary>
        public bool IsNewFiles(int tid) => IsNew(_files, tid, KcmpFiles);

        /// <summary>Whether <paramref name="tid"/>'s memory (its mappings, its program) is none read before.</summary>
        public bool IsNewMemory(int tid) => IsNew(_memories, tid, KcmpVm);

        private static bool IsNew(List<int> read, int tid, int type)
        {
            foreach (var other in read)
            {
                if (Kcmp(other, tid, type) == 0)
                {
                    return false; // else not shared, or cannot tell (one of them gone): read it unless another has it
                }
            }

            if (read.Count < MaxKept && KcmpNumber is not null)
            {
                read.Add(tid);
            }

            return true;
        }
    }

    /// <summary>kcmp(2) of one kind of resource of two tasks: 0 shared, 1 or 2 not, -1 when it cannot tell.</summary>
    private static long Kcmp(int first, int second, int type)
    {
        if (KcmpNumber is not { } number)
        {
            return -1;
        }

        var result = Syscall(number, first, second, type, 0, 0);
        if (result < 0 && Marshal.GetLastPInvokeError() == ENoSys)
        {
            KcmpNumber = null; // a kernel without it: every thread is read
        }

        return result;
    }

    /// <summary>kcmp's number on this architecture; null where it is unknown or the kernel has none.</summary>
    private static long? KcmpNumber { get; set; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 312,
        Architecture.Arm64 => 272,
        _ => null,
    };

    private const int ENoSys = 38;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long first, long second, long type, long index1, long index2);
}
