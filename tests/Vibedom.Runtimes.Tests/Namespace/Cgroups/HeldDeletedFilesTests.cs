using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace.Cgroups;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace.Cgroups;

/// <summary>
/// The held-file measure on a real process in a pid namespace of its own (unshare, as root): a deleted file held by two
/// descriptors and a mapping counts once; past the bound on entries nothing is measured and the reason says so.
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

    // on the disk the tests run from: a tmpfs /tmp would be memory, which the measure leaves to the memory limit
    private readonly string _root = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "held-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_deleted_file_held_by_descriptors_and_a_mapping_counts_once_and_the_entry_bound_fails_closed()
    {
        Prerequisite.Require(Prerequisite.IsRoot, "a pid namespace of its own needs root");
        Prerequisite.RequireCommand("unshare");
        File.WriteAllText(Path.Combine(_root, "holder.py"), Holder);
        var holder = ProcessRunner.Default.RunAsync(
            new ProcessSpec("unshare", ["--pid", "--fork", "--kill-child", "python3", Path.Combine(_root, "holder.py"), _root]) { Timeout = TimeSpan.FromSeconds(60) },
            TestContext.Current.CancellationToken);
        try
        {
            var ready = Path.Combine(_root, "ready");
            await Poll.UntilAsync(() => File.Exists(ready) && File.ReadAllText(ready).Length > 0, TimeSpan.FromSeconds(30));
            var pid = int.Parse(File.ReadAllText(ready), CultureInfo.InvariantCulture);

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
}
