using Vibedom.Runtimes.Namespace.Cgroups;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace.Cgroups;

public sealed class CgroupProbeTests
{
    private const string Hybrid = """
        30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    private const string HybridSelf = "8:pids:/\n4:memory:/process_api/f0\n1:cpu,cpuacct:/\n0::/\n";

    private const string Unified = "29 22 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";

    private const string UserSelf = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/vte.scope\n";

    [Fact]
    public void Resolve_hybrid_host_as_root_uses_v1_below_the_process_own_cgroup_of_each_controller()
    {
        // the v2 hierarchy has no controllers, as on a hybrid host
        var layout = CgroupProbe.Resolve(Hybrid, HybridSelf, _ => true, path => path.EndsWith("cgroup.controllers", StringComparison.Ordinal) ? "\n" : null);

        Assert.Equal(CgroupVersion.V1, layout.Version);
        Assert.Equal("/sys/fs/cgroup/memory/process_api/f0", layout.Parents["memory"]);
        Assert.Equal("/sys/fs/cgroup/pids", layout.Parents["pids"]);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", layout.Parents["cpu"]);
    }

    [Fact]
    public void Resolve_hybrid_host_as_ordinary_user_is_none()
    {
        var layout = CgroupProbe.Resolve(Hybrid, HybridSelf, _ => false, _ => null);

        Assert.Equal(CgroupVersion.None, layout.Version);
    }

    [Fact]
    public void Resolve_unified_host_as_delegated_user_uses_the_highest_writable_ancestor()
    {
        // the user owns user@1000.service and below (systemd delegation), not user-1000.slice
        var layout = CgroupProbe.Resolve(Unified, UserSelf,
            dir => dir.Contains("user@1000.service", StringComparison.Ordinal),
            path => path.EndsWith("cgroup.controllers", StringComparison.Ordinal) ? "cpu memory pids\n" : path.EndsWith("cgroup.procs", StringComparison.Ordinal) ? string.Empty : "\n");

        Assert.Equal(CgroupVersion.V2, layout.Version);
        Assert.Equal("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service", layout.Parents[CgroupLayout.Unified]);
    }

    [Fact]
    public void Resolve_unified_host_as_root_uses_the_hierarchy_root()
    {
        var layout = CgroupProbe.Resolve(Unified, UserSelf, _ => true,
            path => path.EndsWith("cgroup.controllers", StringComparison.Ordinal) || path.EndsWith("subtree_control", StringComparison.Ordinal) ? "cpu memory pids\n" : "1\n");

        Assert.Equal(new Dictionary<string, string> { [CgroupLayout.Unified] = "/sys/fs/cgroup" }, layout.Parents);
    }

    [Fact]
    public void Resolve_unified_without_memory_controller_is_none()
    {
        var layout = CgroupProbe.Resolve(Unified, UserSelf, _ => true, path => path.EndsWith("cgroup.controllers", StringComparison.Ordinal) ? "cpu pids\n" : "\n");

        Assert.Equal(CgroupVersion.None, layout.Version);
    }

    [Fact]
    public void Resolve_delegated_cgroup_holding_processes_without_controllers_enabled_is_none()
    {
        // a v2 cgroup with processes in it cannot enable controllers for children (no internal processes)
        var layout = CgroupProbe.Resolve(Unified, UserSelf, _ => true,
            path => path.EndsWith("cgroup.controllers", StringComparison.Ordinal) ? "memory pids\n" : path.EndsWith("cgroup.procs", StringComparison.Ordinal) ? "1\n" : "\n");

        Assert.Equal(CgroupVersion.None, layout.Version);
    }
}
