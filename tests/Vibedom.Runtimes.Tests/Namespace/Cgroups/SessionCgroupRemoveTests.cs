using System.Globalization;
using Vibedom.Core.Limits;
using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace;
using Vibedom.Runtimes.Namespace.Cgroups;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace.Cgroups;

/// <summary>
/// <see cref="SessionCgroup.Remove()"/> kills what is left in a session's cgroup by the pids it reads there. A pid read
/// may belong to another process by the time it is signalled (the session's process exited, the pid was given again):
/// it must reach only a process still in the session's cgroup. Real cgroups: root, v1 or v2.
/// </summary>
public sealed class SessionCgroupRemoveTests
{
    [Fact]
    public async Task A_pid_read_from_the_cgroup_whose_process_is_no_longer_in_it_is_not_signalled()
    {
        var (cgroup, away) = Create();
        var pid = await StartSleepAsync();
        try
        {
            Join(cgroup.Directories[0], pid);

            // the process leaves between the read and the signal, as an exited pid given to another process would
            cgroup.Remove(afterRead: read => Join(away, read));

            // a SIGKILL sent is delivered within microseconds: a second is a bound on the old code's kill, not a timing of the new
            for (var i = 0; i < 20 && Alive(pid); i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.True(Alive(pid), "the process that left the session's cgroup was killed (the old code signalled every pid it had read)");
            Assert.False(Directory.Exists(cgroup.Directories[0]));
        }
        finally
        {
            Posix.Signal(pid, Posix.SIGKILL);
            new SessionCgroup([away]).Remove();
        }
    }

    [Fact]
    public async Task A_process_still_in_the_cgroup_is_killed_and_the_cgroup_removed()
    {
        var (cgroup, away) = Create();
        var pid = await StartSleepAsync();
        try
        {
            Join(cgroup.Directories[0], pid);

            cgroup.Remove();

            Assert.False(Directory.Exists(cgroup.Directories[0]));
            Assert.False(Alive(pid), "the process in the session's cgroup is still alive");
        }
        finally
        {
            Posix.Signal(pid, Posix.SIGKILL);
            new SessionCgroup([away]).Remove();
        }
    }

    /// <summary>A session cgroup of the probed layout holding only its pids hierarchy (v1) or its one folder (v2), and a sibling to move to.</summary>
    private static (SessionCgroup Cgroup, string Away) Create()
    {
        Prerequisite.Require(Prerequisite.IsRoot, "cgroups need root");
        var layout = CgroupProbe.Probe();
        Prerequisite.Require(layout.Version != CgroupVersion.None, "no writable cgroup hierarchy");
        var id = "test-" + Guid.NewGuid().ToString("N")[..12];
        new SessionCgroup(layout, id).Create(ResourceLimits.ForThisMachine(new Core.Config.LimitSettings()));
        var dir = layout.DirectoryOf("pids", id)!;
        var others = layout.SessionDirectories(id).Where(d => d != dir).ToList();
        new SessionCgroup(others).Remove();
        var away = dir + "-away";
        Directory.CreateDirectory(away);
        return (new SessionCgroup([dir]), away);
    }

    /// <summary>Alive and not a zombie (one killed but not yet reaped still answers kill(pid, 0)).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 1)..].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Join(string dir, int pid) => File.WriteAllText(Path.Combine(dir, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    private static async Task<int> StartSleepAsync()
    {
        var started = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("/bin/sh", "-c", "sleep 60 </dev/null >/dev/null 2>&1 & echo $!"), TestContext.Current.CancellationToken);
        return int.Parse(started.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }
}
