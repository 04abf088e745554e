using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace.Cgroups;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace.Cgroups;

/// <summary>
/// The held-file measure on a real process in a pid namespace of its own (unshare, as root): a deleted file held by two
/// descriptors and a mapping counts once; past the bound on entries nothing is measured and the reason says so; files
/// only threads hold count, in a thread's own descriptor table too, once the process's first thread has exited.
/// </summary>
public sealed class HeldDeletedFilesTests : IDisposable
{
    /// <summary>3 MiB in an unlinked file (on disk, beside the tests), held by two descriptors and a mapping, until <c>done</c> appears.</summary>
    private const string Holder = """
        import mmap, os, sys, time
        d = sys.argv[1]
        fd = os.open(os.path.join(d, 'held.bin'), os.O_RDWR | os.O_CREAT, 0o600)
        os.unlink(os.path.join(d, 'held.bin'))
        os.write(fd, b'x' * (3 << 20))
        os.fsync(fd)
        again = os.dup(fd)
        mapped = mmap.mmap(fd, 3 << 20)
        open(os.path.join(d, 'ready'), 'w').write(os.readlink('/proc/self'))
        while not os.path.exists(os.path.join(d, 'done')):
            time.sleep(0.05)
        """;

    /// <summary>
    /// 6 MiB in three unlinked files that only threads hold, the process's first thread gone (exit(2) of it alone, which
    /// empties /proc/PID/fd, map_files and exe): 3 MiB in a thread's own descriptor table (unshare CLONE_FILES), 2 MiB in
    /// the shared table, 1 MiB only mapped (its descriptor closed), until <c>done</c> appears.
    /// </summary>
    private const string ThreadHolder = """
        import ctypes, os, sys, threading, time
        d = sys.argv[1]
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
        held = threading.Semaphore(0)
        def hold(name, size):
            fd = os.open(os.path.join(d, name), os.O_RDWR | os.O_CREAT, 0o600)
            os.unlink(os.path.join(d, name))
            os.write(fd, b'x' * size)
            os.fsync(fd)
            return fd
        def wait():
            held.release()
            while not os.path.exists(os.path.join(d, 'done')):
                time.sleep(0.05)
        def own_table():
            assert libc.unshare(0x400) == 0  # CLONE_FILES: from here on this thread's descriptors are its own
            hold('own.bin', 3 << 20)
            wait()
        def shared_table():
            hold('shared.bin', 2 << 20)
            fd = hold('mapped.bin', 1 << 20)
            assert libc.mmap(None, 1 << 20, 1, 1, fd, 0) not in (None, ctypes.c_void_p(-1).value)
            os.close(fd)
            wait()
        for target in (own_table, shared_table):
            threading.Thread(target=target).start()
        held.acquire()
        held.acquire()
        open(os.path.join(d, 'ready'), 'w').write(os.readlink('/proc/self'))
        libc.syscall(60, 0)  # exit(2): the first thread alone
        """;

    // on the disk the tests run from: a tmpfs /tmp would be memory, which the measure leaves to the memory limit
    private readonly string _root = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "held-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_deleted_file_held_by_descriptors_and_a_mapping_counts_once_and_the_entry_bound_fails_closed()
    {
        var holder = StartHolder(Holder);
        try
        {
            var pid = await ReadyAsync();

            var held = HeldDeletedFiles.Measure(pid, out var unmeasured);
            var bounded = HeldDeletedFiles.Measure(pid, out var why, HeldDeletedFiles.MaxProcesses, maxEntries: 2);

            Assert.Null(unmeasured);
            Assert.InRange(held ?? 0, 3 << 20, (3 << 20) + (64 << 10));
            Assert.Null(bounded);
            Assert.Equal("more than 2 open files and mappings", why);
        }
        finally
        {
            File.WriteAllText(Path.Combine(_root, "done"), "");
            await holder;
        }
    }

    [Fact]
    public async Task Files_only_threads_hold_count_once_the_first_thread_has_exited()
    {
        var holder = StartHolder(ThreadHolder);
        try
        {
            var pid = await ReadyAsync();
            await Poll.UntilAsync(() => File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            var held = HeldDeletedFiles.Measure(pid, out var unmeasured);

            Assert.Null(unmeasured);
            Assert.InRange(held ?? 0, 6 << 20, (6 << 20) + (64 << 10));
        }
        finally
        {
            File.WriteAllText(Path.Combine(_root, "done"), "");
            await holder;
        }
    }

    /// <summary>python3 running <paramref name="script"/> as the first process of a pid namespace of its own.</summary>
    private Task<ProcessResult> StartHolder(string script)
    {
        Prerequisite.Require(Prerequisite.IsRoot, "a pid namespace of its own needs root");
        Prerequisite.RequireCommand("unshare");
        File.WriteAllText(Path.Combine(_root, "holder.py"), script);
        return ProcessRunner.Default.RunAsync(
            new ProcessSpec("unshare", ["--pid", "--fork", "--kill-child", "python3", Path.Combine(_root, "holder.py"), _root]) { Timeout = TimeSpan.FromSeconds(60) },
            TestContext.Current.CancellationToken);
    }

    /// <summary>The holder's host pid, once it says it holds its files.</summary>
    private async Task<int> ReadyAsync()
    {
        var ready = Path.Combine(_root, "ready");
        await Poll.UntilAsync(() => File.Exists(ready) && File.ReadAllText(ready).Length > 0, TimeSpan.FromSeconds(30));
        return int.Parse(File.ReadAllText(ready), CultureInfo.InvariantCulture);
    }
}
