using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s28: a file the agent unlinks while it holds it open, or opens with <c>O_TMPFILE</c>, has no name for the
/// disk watcher's walk: 300 MB written through it under <c>disk = "20M"</c> stayed on the host's disk and the sandbox ran
/// on. The watcher now counts the deleted files the sandbox's processes hold open, root-run and as an ordinary user.
/// Red team s30: a file held only by a second thread once the process's first thread had exited (which empties
/// /proc/PID/fd) went uncounted; every thread's table is read now.
/// </summary>
public sealed class HeldDeletedFileDiskAttackTests
{
    /// <summary>
    /// 64 MiB through a workspace file with no name (unlinked, O_TMPFILE, or unlinked and mapped with its descriptor
    /// closed, or unlinked and held by a second thread once the first has exited), then a wait to be stopped.
    /// </summary>
    private const string Agent = """
        import ctypes, os, sys, threading, time
        how = sys.argv[1]
        libc = ctypes.CDLL(None, use_errno=True)
        def attack():
            if how == 'tmpfile':
                fd = os.open('.', os.O_TMPFILE | os.O_WRONLY, 0o600)
            else:
                fd = os.open('held.bin', os.O_RDWR | os.O_CREAT, 0o600)
                os.unlink('held.bin')
            for i in range(64):
                os.write(fd, b'x' * 1048576)
            if how == 'mapped':  # mmap(2) itself: Python's mmap module keeps a descriptor of its own
                libc.mmap.restype = ctypes.c_void_p
                libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
                assert libc.mmap(None, 64 * 1048576, 1, 1, fd, 0) not in (None, ctypes.c_void_p(-1).value)
                os.close(fd)
            time.sleep(30)
            open('late.txt', 'w').write('not stopped')
        if how == 'thread':  # the first thread gone, /proc/PID shows no descriptor (red team s30)
            threading.Thread(target=attack).start()
            libc.syscall(60, 0)  # exit(2): the first thread alone
        attack()
        """;

    /// <summary>Deleted files that hold no disk of the session: 4 MiB in the workspace, 64 MiB on the tmpfs /tmp and in a memfd.</summary>
    private const string Clean = """
        import os, time
        held = []
        for path in ['small.bin', '/tmp/memory.bin']:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.unlink(path)
            held.append(fd)
        memfd = os.memfd_create('memory')
        for i in range(64):
            os.write(held[1], b'x' * 1048576)
            os.write(memfd, b'x' * 1048576)
        for i in range(4):
            os.write(held[0], b'x' * 1048576)
        time.sleep(3)
        open('done.txt', 'w').write('done')
        """;

    [Theory]
    [InlineData(false, "unlinked")]
    [InlineData(false, "tmpfile")]
    [InlineData(false, "mapped")]
    [InlineData(false, "thread")]
    [InlineData(true, "unlinked")]
    [InlineData(true, "tmpfile")]
    [InlineData(true, "thread")]
    public async Task Space_held_by_a_deleted_open_file_counts_against_the_disk_limit(bool rootless, string how)
    {
        using var vibedom = await SetUpAsync();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var run = await RunAsync(vibedom, rootless, ["run", workspace, "--yes", "--", "python3", "-c", Agent, how]);

        var session = Assert.Single(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*"));
        Assert.True(run.ExitCode == 128 + 9, $"exit {run.ExitCode}: the sandbox ran on past the disk limit\n{run.StandardOutput}{run.StandardError}");
        Assert.Contains("disk limit 20 MiB of changes/ reached", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("in deleted files still open): the sandbox was stopped", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(session, "changes", "late.txt")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deleted_files_in_memory_or_under_the_limit_do_not_stop_the_sandbox(bool rootless)
    {
        using var vibedom = await SetUpAsync();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var run = await RunAsync(vibedom, rootless, ["run", workspace, "--yes", "--", "python3", "-c", Clean]);

        var session = Assert.Single(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*"));
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.StandardOutput}{run.StandardError}");
        Assert.True(File.Exists(Path.Combine(session, "changes", "done.txt")));
        Assert.DoesNotContain("Limit reached", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
    }

    private static async Task<VibedomBinary> SetUpAsync()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.AppendAllText(Path.Combine(vibedom.Home, "config.toml"), "disk = \"20M\"\n"); // the template ends in [limits]
        return vibedom;
    }

    private static async Task<Vibedom.Core.Processes.ProcessResult> RunAsync(VibedomBinary vibedom, bool rootless, string[] args)
    {
        if (!rootless)
        {
            return await vibedom.RunAsync(args);
        }

        await vibedom.GiveToNobodyAsync();
        return await vibedom.RunAsNobodyAsync(args);
    }
}
