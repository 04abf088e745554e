using System.Globalization;
using Vibedom.Core.Processes;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// What a host process running as a root-run sandbox's uid can reach (an account that shares the
/// id, or anything running as it): bubblewrap's host-side process runs as that uid and is dumpable,
/// so its mount namespace, with the helper's stage, is open through /proc/PID/root.
/// </summary>
public sealed class SandboxHostUidTests
{
    [Fact]
    public async Task A_host_process_with_the_sandbox_uid_cannot_write_the_workspace_past_the_review()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        var signal = Directory.CreateDirectory(h.PathOf("signal")).FullName;
        var go = Path.Combine(signal, "go");
        var run = h.Runtime.RunCapturedAsync(
            h.Plan(["/bin/sh", "-c", $"touch started; i=0; while [ ! -e {go} ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done"], readOnlyMounts: [signal]),
            h.Events, timeout: TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            for (var i = 0; i < 1200 && !File.Exists(Path.Combine(h.Changes, "started")) && !run.IsCompleted; i++)
            {
                await Task.Delay(25, TestContext.Current.CancellationToken);
            }

            Assert.True(File.Exists(Path.Combine(h.Changes, "started")), "the sandbox did not start");
            var uid = (await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("stat", "-c", "%u", h.Changes), TestContext.Current.CancellationToken)).StandardOutput.Trim();
            var bwraps = BubblewrapsOf(uid);
            Assert.NotEmpty(bwraps);
            foreach (var pid in bwraps)
            {
                // every folder of the stage, as the sandbox's own host uid: the overlay (its writes land in changes/) and
                // anything else must not be the workspace itself
                var script = $"for d in /proc/{pid}/root/run/vibedom-stage/*/; do echo pwned > \"${{d}}pwned.txt\"; echo pwned >> \"${{d}}README.md\"; done 2>/dev/null; true";
                await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("/usr/bin/setpriv", [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", "/bin/sh", "-c", script])
                {
                    Timeout = TimeSpan.FromSeconds(30),
                }, TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            await File.WriteAllTextAsync(go, string.Empty, TestContext.Current.CancellationToken);
            await run;
        }

        Assert.False(File.Exists(Path.Combine(h.Workspace, "pwned.txt")), "a file appeared in the real workspace");
        Assert.Equal("original\n", await File.ReadAllTextAsync(Path.Combine(h.Workspace, "README.md"), TestContext.Current.CancellationToken));
    }

    /// <summary>bubblewrap's host-side processes started by this test process's helpers (bwrap → helper → us) running as <paramref name="uid"/>.</summary>
    private static List<int> BubblewrapsOf(string uid)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status")).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
                if (status["Name"] == "bwrap" && status["Uid"].Split('\t')[0] == uid && ParentOf(ParentOf(pid)) == Environment.ProcessId)
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyNotFoundException)
            {
                // gone meanwhile
            }
        }

        return found;
    }

    private static int ParentOf(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        return int.Parse(line["PPid:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
