using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace.Cgroups;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// [limits] through the real binary: a fork bomb, a memory hog and a disk filler each end inside the sandbox,
/// reported in session.log and the summary; the host keeps working and the session's cgroups are gone.
/// Every abuse is bounded by the test itself (loop counts, sizes) in case the limit did not hold.
/// </summary>
public sealed class LimitsTests
{
    /// <summary>Forks 300 times at most (each child sleeps 30 s at most), then writes "started refused" to forks.txt.</summary>
    private const string ForkBomb = """
        import os, time
        started = refused = 0
        for _ in range(300):
            try:
                pid = os.fork()
            except OSError:
                refused += 1
                continue
            if pid == 0:
                time.sleep(30)
                os._exit(0)
            started += 1
        open('forks.txt', 'w').write(f'{started} {refused}')
        """;

    [Fact]
    public async Task A_fork_bomb_stops_at_the_process_limit_inside_the_sandbox_and_is_reported()
    {
        using var vibedom = await SetUpAsync("pids = 32\n", requireCgroups: true);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // at most 300 processes even without a limit; each lives 30 s at most and dies with the sandbox
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "python3", "-c", ForkBomb);

        var session = SessionOf(vibedom);
        Assert.Contains("process limit 32 reached", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("WARN: Limit reached: process limit 32 reached", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
        AssertForksStoppedAt(32, session);
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task A_memory_hog_is_killed_at_the_memory_limit_and_is_reported()
    {
        using var vibedom = await SetUpAsync("memory = \"64M\"\n", requireCgroups: true);
        Prerequisite.RequireCommand("python3");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // 320 MiB at most
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "python3", "-c",
            "x = [b'x' * (8 << 20) for _ in range(40)]; open('survived.txt', 'w').write('yes')");

        var session = SessionOf(vibedom);
        Assert.Equal(128 + 9, run.ExitCode);
        Assert.Contains("memory limit 64 MiB reached: the agent was killed (OOM", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("WARN: Limit reached: memory limit 64 MiB reached", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(session, "changes", "survived.txt")));
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task Writing_past_the_disk_limit_stops_the_sandbox_and_the_changes_stay_reviewable()
    {
        using var vibedom = await SetUpAsync("disk = \"4M\"\n", requireCgroups: false);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // 200 MiB at most, then it waits to be stopped (30 s at most)
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "bash", "-c",
            "echo first > small.txt; for i in $(seq 1 200); do head -c 1048576 /dev/zero >> big.bin; done; sleep 30; echo not-stopped > late.txt");

        var session = SessionOf(vibedom);
        Assert.Equal(128 + 9, run.ExitCode);
        Assert.Contains("disk limit 4 MiB of changes/ reached", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("WARN: Limit reached: disk limit 4 MiB", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(session, "changes", "late.txt")));
        var diff = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.Contains("small.txt", diff.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("big.bin", diff.StandardOutput, StringComparison.Ordinal);
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task Flooding_the_proxy_fills_network_jsonl_to_its_limit_then_egress_is_refused_and_reported()
    {
        using var vibedom = await SetUpAsync("network_log = \"1M\"\n", requireCgroups: false);
        Prerequisite.RequireCommand("python3");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // 300 refused requests with a 15 KB path each (4.5 MB of lines without the limit), through the sandbox's proxy
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "python3", "-c", """
            import urllib.request, urllib.error
            codes = []
            for i in range(300):
                try:
                    urllib.request.urlopen(f'http://denied.test/{i}/' + 'p' * 15000, timeout=30)
                    codes.append('200 -')
                except urllib.error.HTTPError as e:
                    codes.append(f"{e.code} {e.headers.get('X-Vibedom-Denied')}")
            open('codes.txt', 'w').write('\n'.join(codes))
            """);

        var session = SessionOf(vibedom);
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var codes = File.ReadAllLines(Path.Combine(session, "changes", "codes.txt"));
        var full = Array.IndexOf(codes, "503 audit-log-full");
        Assert.True(full > 0, string.Join(", ", codes.Distinct()));
        Assert.All(codes[..full], c => Assert.Equal("403 allowlist", c));
        Assert.All(codes[full..], c => Assert.Equal("503 audit-log-full", c));
        var log = Path.Combine(session, "network.jsonl");
        var longest = File.ReadLines(log).Max(l => l.Length + 1);
        Assert.InRange(new FileInfo(log).Length, 7 * 128 * 1024, (1024 * 1024) + longest);
        Assert.Contains("network.jsonl reached its limit of 1 MiB ([limits] network_log)", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Contains("network.jsonl reached its limit of 1 MiB ([limits] network_log): every request from then on was refused", run.StandardOutput, StringComparison.Ordinal);
        var logs = await vibedom.RunAsync(["logs"], input: null, workingDirectory: workspace);
        Assert.Contains("reached its limit of 1 MiB ([limits] network_log); egress is refused from now on", logs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("WARN: Limit reached: network.jsonl reached its limit of 1 MiB", logs.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_held_open_past_the_connection_limit_are_refused_and_places_free_when_they_close()
    {
        using var vibedom = await SetUpAsync("connections = 16\n", requireCgroups: false);
        Prerequisite.RequireCommand("python3");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // connections each holding a request head half sent until a new one is refused, more requests, then the held ones closed
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "python3", "-c", """
            import os, socket, time, urllib.request, urllib.error
            from urllib.parse import urlparse
            proxy = urlparse(os.environ.get('http_proxy') or os.environ['HTTP_PROXY'])
            def code(path):
                try:
                    urllib.request.urlopen(f'http://denied.test/{path}', timeout=30)
                    return '200 -'
                except urllib.error.HTTPError as e:
                    return f"{e.code} {e.headers.get('X-Vibedom-Denied')}"
                except OSError as e:
                    return 'closed'
            code('started') # the proxy starts at its first connection
            held = []
            for i in range(64):
                s = socket.create_connection((proxy.hostname, proxy.port))
                s.sendall(f'GET http://denied.test/held/{i} HTTP/1.1\r\nHost: denied.test\r\n'.encode())
                held.append(s)
                if code(f'probe/{i}') == '503 connection-limit':
                    break
            codes = [code(f'over/{i}') for i in range(10)]
            for s in held:
                s.close()
            for i in range(100):
                after = code(f'after/{i}')
                if after != '503 connection-limit':
                    break
                time.sleep(0.1)
            open('codes.txt', 'w').write('\n'.join(codes + [after]))
            """);

        var session = SessionOf(vibedom);
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var codes = File.ReadAllLines(Path.Combine(session, "changes", "codes.txt"));
        Assert.Equal([.. Enumerable.Repeat("503 connection-limit", 10), "403 allowlist"], codes);
        Assert.Contains("16 connections to the proxy are open, its limit ([limits] connections)", File.ReadAllText(Path.Combine(session, "network.jsonl")), StringComparison.Ordinal);
        Assert.Contains("16 connections reached the proxy's limit ([limits] connections)", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filling_the_sandbox_tmp_counts_against_the_memory_limit()
    {
        using var vibedom = await SetUpAsync("memory = \"64M\"\n", requireCgroups: true);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // /tmp inside is a tmpfs: its pages are the sandbox's memory (200 MiB at most)
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "bash", "-c", "head -c 200M /dev/zero > /tmp/fill; echo survived > survived.txt");

        var session = SessionOf(vibedom);
        Assert.Contains("memory limit 64 MiB reached: the agent was killed (OOM", run.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(session, "changes", "survived.txt")));
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task Symlinks_and_sparse_files_in_changes_do_not_count_against_the_disk_limit()
    {
        using var vibedom = await SetUpAsync("disk = \"4M\"\n", requireCgroups: false);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // links to the whole host root and a 1 GiB hole: following either, or counting apparent size, would stop it
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "bash", "-c",
            "ln -s / root; ln -s /usr usr; truncate -s 1G sparse.bin; for i in 1 2 3 4 5 6 7 8; do ls > /dev/null; sleep 0.25; done; echo done > done.txt");

        var session = SessionOf(vibedom);
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.True(File.Exists(Path.Combine(session, "changes", "done.txt")));
        Assert.DoesNotContain("Limit reached", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_detached_session_past_the_disk_limit_is_stopped_and_stop_reports_it()
    {
        using var vibedom = await SetUpAsync("disk = \"4M\"\n", requireCgroups: false);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var start = await vibedom.RunAsync("run", workspace, "--yes", "--detach", "--", "bash", "-c",
            "for i in $(seq 1 200); do head -c 1048576 /dev/zero >> big.bin; done; sleep 60; echo not-stopped > late.txt");
        Assert.True(start.ExitCode == 0, start.StandardError);
        var session = SessionOf(vibedom);
        await Poll.UntilAsync(() => File.ReadAllText(Path.Combine(session, "session.log")).Contains("Limit reached", StringComparison.Ordinal));

        var stop = await vibedom.RunAsync(["stop", "--keep"], input: null, workingDirectory: workspace);
        Assert.True(stop.ExitCode == 0, stop.StandardError);
        Assert.Contains("disk limit 4 MiB of changes/ reached", stop.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("big.bin", stop.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(session, "changes", "late.txt")));
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task A_fork_bomb_through_exec_into_a_detached_session_stops_at_the_same_process_limit()
    {
        using var vibedom = await SetUpAsync("pids = 32\n", requireCgroups: true);
        Prerequisite.RequireCommand("python3");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var start = await vibedom.RunAsync("run", workspace, "--yes", "--detach", "--", "sleep", "60");
        Assert.True(start.ExitCode == 0, start.StandardError);
        var session = SessionOf(vibedom);

        var exec = await vibedom.RunAsync(["exec", Path.GetFileName(session), "--", "python3", "-c", ForkBomb], input: string.Empty);

        Assert.True(exec.ExitCode == 0, exec.StandardError);
        AssertForksStoppedAt(32, session);
        var stop = await vibedom.RunAsync(["stop", "--keep"], input: null, workingDirectory: workspace);
        Assert.Contains("process limit 32 reached", stop.StandardOutput, StringComparison.Ordinal);
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task As_an_ordinary_user_without_cgroups_a_fork_bomb_stops_at_the_process_limit()
    {
        using var vibedom = await SetUpAsync("pids = 32\n", requireCgroups: false);
        Prerequisite.RequireCommand("setpriv");
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await vibedom.GiveToNobodyAsync();

        var run = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--", "python3", "-c", ForkBomb]);

        var session = SessionOf(vibedom);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("processes by RLIMIT_NPROC", File.ReadAllText(Path.Combine(session, "session.log")), StringComparison.Ordinal);
        AssertForksStoppedAt(32, session);
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task The_session_cgroup_holds_the_configured_limits_and_is_removed_after_vibedom_is_killed()
    {
        using var vibedom = await SetUpAsync("pids = 64\ncpu = 0.5\nmemory = \"96M\"\n", requireCgroups: true);
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var running = vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo started > started.txt; sleep 60"], input: null);
        var session = await Poll.ForAsync(() => Directory.Exists(Path.Combine(vibedom.Home, "logs"))
            ? Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").FirstOrDefault(d => File.Exists(Path.Combine(d, "changes", "started.txt")))
            : null);
        var layout = CgroupProbe.Probe();
        var cgroups = layout.SessionDirectories(Path.GetFileName(session));
        Assert.All(cgroups, dir => Assert.True(Directory.Exists(dir), dir));
        AssertLimitsWritten(layout, Path.GetFileName(session), memory: 96L << 20, pids: 64, cpuQuota: 50_000);

        // SIGKILL vibedom: nothing of it runs the cleanup
        using var record = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(session, "session.json")));
        var pid = Vibedom.Runtimes.Namespace.SupervisorHandle.Parse(record.RootElement.GetProperty("runtime_handle").GetString())!.Pid;
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await running;

        var sessions = await vibedom.RunAsync("sessions");
        Assert.Equal(0, sessions.ExitCode);
        Assert.All(cgroups, dir => Assert.False(Directory.Exists(dir), dir));
        await AssertHostFineAndCgroupsGoneAsync(session);
    }

    [Fact]
    public async Task Doctor_says_which_limits_are_enforced_and_how()
    {
        using var vibedom = await SetUpAsync(string.Empty, requireCgroups: false);
        Prerequisite.RequireCommand("setpriv");
        await vibedom.GiveToNobodyAsync();

        var user = await vibedom.RunAsNobodyAsync(["doctor"]);
        var root = await vibedom.RunAsync("doctor");

        Assert.Contains("resource limits", user.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("RLIMIT_NPROC", user.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("memory and CPU not enforced", user.StandardOutput, StringComparison.Ordinal);
        if (Prerequisite.IsRoot && CgroupProbe.Probe().Version != CgroupVersion.None)
        {
            Assert.Contains($"memory, processes and CPU by {CgroupProbe.Probe().Describe()}", root.StandardOutput.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    private static async Task<VibedomBinary> SetUpAsync(string limits, bool requireCgroups)
    {
        Prerequisite.RequireCommand("bwrap");
        if (requireCgroups)
        {
            Prerequisite.Require(Prerequisite.IsRoot && CgroupProbe.Probe().Version != CgroupVersion.None, "needs root and a cgroup hierarchy with memory and pids");
        }

        var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.AppendAllText(Path.Combine(vibedom.Home, "config.toml"), limits); // the template ends in [limits]
        return vibedom;
    }

    /// <summary>The session cgroup holds exactly the configured values (cpu: a quota per 100 ms period).</summary>
    private static void AssertLimitsWritten(CgroupLayout layout, string id, long memory, int pids, long cpuQuota)
    {
        string Read(string controller, string file) => File.ReadAllText(Path.Combine(layout.DirectoryOf(controller, id)!, file)).Trim();
        if (layout.Version == CgroupVersion.V2)
        {
            Assert.Equal([memory.ToString(System.Globalization.CultureInfo.InvariantCulture), pids.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{cpuQuota} 100000"],
                [Read("memory", "memory.max"), Read("pids", "pids.max"), Read("cpu", "cpu.max")]);
        }
        else
        {
            Assert.Equal([memory.ToString(System.Globalization.CultureInfo.InvariantCulture), pids.ToString(System.Globalization.CultureInfo.InvariantCulture), cpuQuota.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                [Read("memory", "memory.limit_in_bytes"), Read("pids", "pids.max"), Read("cpu", "cpu.cfs_quota_us")]);
        }
    }

    private static void AssertForksStoppedAt(int limit, string session)
    {
        var counts = File.ReadAllText(Path.Combine(session, "changes", "forks.txt")).Split(' ').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(counts[0] < limit && counts[1] >= 300 - limit, $"started {counts[0]}, refused {counts[1]}");
    }

    private static string SessionOf(VibedomBinary vibedom) => Assert.Single(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*"));

    private static async Task AssertHostFineAndCgroupsGoneAsync(string session)
    {
        var devNull = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("stat", "-c", "%F %t,%T %a", "/dev/null"));
        Assert.Equal("character special file 1,3 666", devNull.StandardOutput.Trim());
        Assert.Equal(0, (await ProcessRunner.Default.RunAsync(ProcessSpec.Of("sh", "-c", "true & wait"))).ExitCode);
        Assert.All(CgroupProbe.Probe().SessionDirectories(Path.GetFileName(session)), dir => Assert.False(Directory.Exists(dir), dir));
    }
}
