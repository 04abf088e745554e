using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox.Contract;

/// <summary>
/// What a hostile tester broke (issue 8): sandboxes dying with the thread that started them, a
/// root-run agent holding root's rights on the host, an unfiltered pid 1, vsock and io_uring.
/// </summary>
public sealed class HardeningTests
{
    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Sandbox_started_from_a_thread_that_exits_keeps_running(string runtime, SandboxUser user)
    {
        // Linux fires PR_SET_PDEATHSIG when the *thread* that forked exits; .NET retires idle pool threads
        using var h = new SandboxHarness(runtime, user);
        var signal = Directory.CreateDirectory(h.PathOf("signal")).FullName;
        var go = Path.Combine(signal, "go");
        var plan = h.Plan(["/bin/sh", "-c", $"touch started; i=0; while [ ! -e {go} ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; echo alive"], readOnlyMounts: [signal]);
        await h.GiveToStarterAsync();

        Task<ProcessResult>? run = null;
        string? threadId = null;
        var starter = new Thread(() =>
        {
            threadId = Path.GetFileName(new DirectoryInfo("/proc/thread-self").LinkTarget);
            run = h.Runtime.RunCapturedAsync(plan, h.Events, timeout: TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);

            // the thread lives until the sandbox runs (so every step of its start sees this thread as the parent), then exits
            for (var i = 0; i < 1200 && !File.Exists(Path.Combine(h.Changes, "started")); i++)
            {
                Thread.Sleep(25);
            }
        });
        starter.Start();
        starter.Join();
        for (var i = 0; i < 400 && Directory.Exists($"/proc/self/task/{threadId}"); i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(Path.Combine(h.Changes, "started")), "the sandbox did not start");
        Assert.False(Directory.Exists($"/proc/self/task/{threadId}"), "the starting thread did not exit");
        await File.WriteAllTextAsync(go, string.Empty, TestContext.Current.CancellationToken);
        var result = await run!;

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Equal("alive\n", result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Root_owned_files_and_host_device_nodes_are_out_of_reach(string runtime, SandboxUser user)
    {
        using var h = new SandboxHarness(runtime, user);
        var secretDir = $"/opt/vibedom-it-{Guid.NewGuid():N}";
        Directory.CreateDirectory(secretDir);
        var before = await StatAsync("/dev/null");
        var fullBefore = await StatAsync("/dev/full");
        try
        {
            var secret = Path.Combine(secretDir, "root-only");
            await File.WriteAllTextAsync(secret, "root eyes only\n", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var result = await h.ShAsync(
                $"cat {secret} >/dev/null 2>&1 && echo read-secret; "
                + "chmod 600 /dev/null 2>/dev/null && echo chmod-null; touch -d 2001-01-01 /dev/full 2>/dev/null && echo utime-full; "
                + "echo edited >> README.md && echo edit-ok; echo fresh > new.txt && echo create-ok; "
                + "stat -c 'inode %i' /dev/null");

            Assert.True(result.ExitCode == 0, result.StandardError);
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain("read-secret", lines);
            Assert.DoesNotContain("chmod-null", lines);
            Assert.DoesNotContain("utime-full", lines);
            Assert.Contains("edit-ok", lines);
            Assert.Contains("create-ok", lines);
            // what the agent creates is owned on the host by its unprivileged identity, never by root
            var owner = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("stat", "-c", "%u", Path.Combine(h.Changes, "new.txt")), TestContext.Current.CancellationToken);
            var ownerUid = long.Parse(owner.StandardOutput, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(ownerUid, h.AgentHostUids.First, h.AgentHostUids.Last);
            Assert.NotEqual(0, ownerUid);

            if (user == SandboxUser.Root)
            {
                // fresh device nodes, not the host's inodes
                Assert.DoesNotContain($"inode {before.Inode}", lines);
            }

            Assert.Equal("original\nedited\n", await File.ReadAllTextAsync(Path.Combine(h.Changes, "README.md"), TestContext.Current.CancellationToken));
            Assert.Equal("original\n", await File.ReadAllTextAsync(Path.Combine(h.Workspace, "README.md"), TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(secretDir, recursive: true);
        }

        // the host's nodes are as they were (no chmod, no utime through a bind mount)
        Assert.Equal(before with { ModifiedYear = "" }, (await StatAsync("/dev/null")) with { ModifiedYear = "" });
        Assert.Equal("character special file 1,3 666 0:0", before.Description);
        var fullAfter = await StatAsync("/dev/full");
        Assert.Equal(fullBefore, fullAfter);
        Assert.NotEqual("2001", fullAfter.ModifiedYear);
    }

    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Every_sandbox_process_is_filtered_and_pid_1_cannot_be_ptraced(string runtime, SandboxUser user)
    {
        Prerequisite.Require(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "syscall numbers below are x86_64");
        Prerequisite.RequireCommand("python3");
        using var h = new SandboxHarness(runtime, user);
        // ptrace(PTRACE_ATTACH=16, 1); io_uring_setup(425); socket(AF_VSOCK=40, SOCK_STREAM=1); socketpair(AF_VSOCK)
        const string probe = "import ctypes, glob\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            + "for status in sorted(glob.glob('/proc/[0-9]*/status')):\n"
            + "    fields = dict(l.split(':', 1) for l in open(status) if ':' in l)\n"
            + "    print('pid', fields['Pid'].strip(), 'seccomp', fields['Seccomp'].strip())\n"
            + "for name, nr, args in [('ptrace', 101, (16, 1, 0, 0)), ('io_uring_setup', 425, (8, 0)), ('vsock', 41, (40, 1, 0)), ('vsockpair', 53, (40, 1, 0, 0))]:\n"
            + "    r = libc.syscall(nr, *args); print(name, r, ctypes.get_errno())\n";

        var result = await h.RunAsync(["/usr/bin/python3", "-c", probe]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var processes = lines.Where(l => l.StartsWith("pid ", StringComparison.Ordinal)).ToList();
        Assert.Contains(processes, l => l.StartsWith("pid 1 ", StringComparison.Ordinal));
        Assert.All(processes, l => Assert.EndsWith(" seccomp 2", l, StringComparison.Ordinal));
        Assert.Contains("ptrace -1 1", lines);
        Assert.Contains("io_uring_setup -1 1", lines);
        Assert.Contains("vsock -1 97", lines);
        Assert.Contains("vsockpair -1 97", lines);
    }

    /// <summary>Type, device numbers, mode and owner (and inode) of a host device node, as stat prints them.</summary>
    private static async Task<DeviceStat> StatAsync(string path)
    {
        var result = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("stat", "-c", "%i|%F %t,%T %a %u:%g|%y", path), TestContext.Current.CancellationToken);
        var parts = result.StandardOutput.Trim().Split('|');
        return new DeviceStat(parts[0], parts[1], parts[2][..4]);
    }

    private sealed record DeviceStat(string Inode, string Description, string ModifiedYear);
}
