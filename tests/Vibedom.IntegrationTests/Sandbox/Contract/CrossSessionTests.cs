using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox.Contract;

/// <summary>
/// Root-run sandboxes running at the same time: each has a host identity of its own, so one agent
/// cannot use up what the kernel accounts per uid (inotify instances, processes, pending signals)
/// for every other session.
/// </summary>
public sealed class CrossSessionTests
{
    [Theory]
    [MemberData(nameof(ContractRuntimes.Root), MemberType = typeof(ContractRuntimes))]
    public async Task Concurrent_root_run_sandboxes_have_their_own_host_uid_and_one_cannot_starve_the_other(string runtime, SandboxUser user)
    {
        Prerequisite.RequireCommand("python3");
        var limit = int.Parse(File.ReadAllText("/proc/sys/fs/inotify/max_user_instances").Trim(), CultureInfo.InvariantCulture);
        Prerequisite.Require(limit <= 1024, $"fs.inotify.max_user_instances is {limit}; the test holds them all (bounded at 1024)");
        using var first = new SandboxHarness(runtime, user);
        using var second = new SandboxHarness(runtime, user);
        var signal = Directory.CreateDirectory(first.PathOf("signal")).FullName;
        var go = Path.Combine(signal, "go");

        // the first agent takes every inotify instance its uid may have, then holds them until told to stop (at most 30 s)
        var hog = "import ctypes, os, time\nlibc = ctypes.CDLL(None, use_errno=True)\nfds = []\n"
            + $"while len(fds) < {limit + 8}:\n    fd = libc.inotify_init()\n    if fd < 0: break\n    fds.append(fd)\n"
            + "print('held', len(fds), ctypes.get_errno(), flush=True)\nopen('held', 'w').close()\n"
            + $"for _ in range(600):\n    if os.path.exists('{go}'): break\n    time.sleep(0.05)\n";
        var hogRun = first.Runtime.RunCapturedAsync(first.Plan(["/usr/bin/python3", "-c", hog], readOnlyMounts: [signal]), first.Events, timeout: TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        ProcessResult victim;
        try
        {
            for (var i = 0; i < 1200 && !File.Exists(Path.Combine(first.Changes, "held")) && !hogRun.IsCompleted; i++)
            {
                await Task.Delay(25, TestContext.Current.CancellationToken);
            }

            Assert.True(File.Exists(Path.Combine(first.Changes, "held")), "the first sandbox did not take its inotify instances");
            victim = await second.RunAsync(["/usr/bin/python3", "-c", "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nprint('inotify', libc.inotify_init() >= 0, ctypes.get_errno())"]);
        }
        finally
        {
            await File.WriteAllTextAsync(go, string.Empty, TestContext.Current.CancellationToken);
        }

        var hogResult = await hogRun;
        Assert.True(hogResult.ExitCode == 0, hogResult.StandardError);
        Assert.Equal($"held {limit} 24\n", hogResult.StandardOutput);
        Assert.True(victim.ExitCode == 0, victim.StandardError);
        Assert.StartsWith("inotify True", victim.StandardOutput, StringComparison.Ordinal);

        // each changes/ folder is owned by its sandbox's identity: two different unprivileged host uids from the range
        var owners = new[] { first.Changes, second.Changes }.Select(d => OwnerOf(d)).ToList();
        Assert.NotEqual(owners[0], owners[1]);
        Assert.All(owners, o => Assert.InRange(o, first.AgentHostUids.First, first.AgentHostUids.Last));
    }

    private static long OwnerOf(string path)
    {
        var result = ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("stat", "-c", "%u", path), TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return long.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }
}
