using System.Globalization;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// The blocks held by files the sandbox's processes deleted but keep open (<c>open; unlink</c>, <c>O_TMPFILE</c>, a mapped
/// file or a running program whose name is gone): no walk of changes/ sees them, yet they stay on the host's disk until the
/// last reference closes (red team s28: 300 MB under <c>disk = "20M"</c>). Every process of the sandbox's pid namespace
/// is found in /proc and, for each of its threads with a descriptor table or a memory no thread before it had (a thread
/// may have a table of its own, and /proc/PID shows nothing once the first thread has exited), its <c>fd/*</c>,
/// <c>map_files/*</c> (root only: the kernel shows them to CAP_SYS_ADMIN) and <c>exe</c> are stat'ed through the kernel's
/// magic links, never by the text they read as. A file counts when it is
/// regular, has no name left (nlink 0), and lives on a writable mount that is not memory (tmpfs, memfd and hugetlbfs are
/// the memory limit's business); each inode once. Bounded: past <see cref="MaxProcesses"/> processes,
/// <see cref="MaxThreads"/> threads or <see cref="MaxEntries"/> entries in one measurement, or (root-run) a process whose files cannot be read, nothing is
/// measured (the watcher then stops the sandbox).
/// </summary>
internal static partial class HeldDeletedFiles
{
    /// <summary>Processes of one sandbox measured at most.</summary>
    public const int MaxProcesses = 4096;

    /// <summary>Descriptors and mappings stat'ed at most in one measurement, over all processes.</summary>
    public const int MaxEntries = 1 << 20;

    /// <summary>
    /// Bytes held by deleted files open in the pid namespace of <paramref name="init"/> (the sandbox's init, a host pid);
    /// null, with <paramref name="unmeasured"/> saying why, when they cannot all be measured. Zero once the init is gone.
    /// </summary>
    public static long? Measure(int init, out string? unmeasured) => Measure(init, out unmeasured, MaxProcesses, MaxEntries);

    /// <summary><see cref="Measure(int, out string?)"/> within other bounds (tests).</summary>
    internal static long? Measure(int init, out string? unmeasured, int maxProcesses, int maxEntries)
    {
        unmeasured = null;
        if (NamespaceOf(AtCalls.AtFdCwd, $"/proc/{init.ToString(CultureInfo.InvariantCulture)}/ns/pid") is not { } sandbox)
        {
            return 0;
        }

        var walk = new Walk(sandbox, maxProcesses, maxEntries);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !walk.Process(pid, dir))
            {
                unmeasured = walk.Failure;
                return null;
            }
        }

        return walk.Bytes;
    }
}
