using System.Globalization;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// On cgroup v2 the helper starts bubblewrap inside the session's cgroup (clone3 with CLONE_INTO_CGROUP) instead of
/// moving itself there first: a move of a process between cgroups waits for an RCU grace period, 4-20 ms of every
/// run's start measured. Root on the host's cgroup2 mount (a hybrid host's too: being born in a cgroup needs no
/// controller); the v1 join (a thread writing 0 to `tasks`) is covered by the limits tests.
/// </summary>
public sealed class CgroupBirthTests
{
    [Fact]
    public async Task On_cgroup_v2_the_sandbox_is_born_in_the_session_cgroup_and_the_helper_stays_outside()
    {
        Prerequisite.Require(Prerequisite.IsRoot, "creates a cgroup on the host's cgroup2 mount");
        var v2 = MountInfoLine.ParseAll(File.ReadAllText("/proc/self/mountinfo")).FirstOrDefault(m => m.FileSystem == "cgroup2");
        Prerequisite.Require(v2 is not null, "no cgroup2 mount on this host");
        var cgroup = Path.Combine(v2!.MountPoint, "vibedom-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(cgroup);
        try
        {
            using var h = new SandboxHarness(SandboxUser.Root);
            var plan = h.Plan(["/bin/sh", "-c", "sleep 3"]);
            var launch = plan.LaunchAs<NamespaceLaunch>();
            var overlay = launch.Arguments.ToList().IndexOf("overlay");
            Assert.True(overlay >= 0, plan.ToString());
            var run = h.RunPlanAsync(plan with { Launch = launch with { Arguments = [.. launch.Arguments.Take(overlay + 1), "--cgroup", cgroup, .. launch.Arguments.Skip(overlay + 1)] } });

            var members = new HashSet<string>(StringComparer.Ordinal);
            while (!run.IsCompleted && !members.Contains("sleep 3"))
            {
                foreach (var pid in File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")))
                {
                    members.Add(CommandLine(pid));
                }

                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            var result = await run;
            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Contains("sleep 3", members); // the agent's command runs in the session's cgroup
            Assert.Contains(members, m => m.Split(' ')[0].EndsWith("bwrap", StringComparison.Ordinal)); // and so does bubblewrap, from its first instant
            Assert.DoesNotContain(members, m => m.StartsWith(launch.FileName + " overlay", StringComparison.Ordinal)); // the helper never moved
        }
        finally
        {
            for (var i = 0; i < 100 && Directory.Exists(cgroup); i++)
            {
                try
                {
                    Directory.Delete(cgroup);
                }
                catch (IOException)
                {
                    await Task.Delay(50, CancellationToken.None); // its last processes are still exiting
                }
            }
        }
    }

    private static string CommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{int.Parse(pid, CultureInfo.InvariantCulture)}/cmdline").TrimEnd('\0').Replace('\0', ' ');
        }
        catch (IOException)
        {
            return ""; // exited meanwhile
        }
    }
}
