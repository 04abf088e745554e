using Vibedom.Core.Limits;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace;
using Vibedom.Runtimes.Namespace.Cgroups;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

/// <summary>How the planner passes a session's limits to the helper: cgroups to join, or RLIMIT_NPROC without them.</summary>
public sealed class LimitsPlanTests
{
    private const string Id = "session-20261129-153000-ab12";

    private static readonly ResourceLimits Limits = new(64L << 20, 32, 1.5, 8L << 20);

    private static readonly CgroupLayout V1 = new(CgroupVersion.V1, new Dictionary<string, string>
    {
        ["memory"] = "/sys/fs/cgroup/memory/user", ["pids"] = "/sys/fs/cgroup/pids", ["cpu"] = "/sys/fs/cgroup/cpu,cpuacct",
    });

    private static HostLayout Host(CgroupLayout cgroups, bool root = true) => new()
    {
        BwrapPath = "/usr/bin/bwrap",
        HelperPath = "/opt/vibedom/vibedom-init",
        IsRoot = root,
        UserName = "root",
        Home = "/root",
        RunDirectory = "/root/.vibedom/run",
        SystemEntries = new Dictionary<string, string?> { ["usr"] = null },
        Cgroups = cgroups,
    };

    private static SandboxRequest Request(ResourceLimits? limits) => new()
    {
        SessionId = Id,
        Workspace = "/root/proj",
        Command = ["claude"],
        ChangesDirectory = $"/root/.vibedom/logs/{Id}/changes",
        OverlayWorkDirectory = $"/root/.vibedom/logs/{Id}/work",
        Limits = limits,
    };

    [Fact]
    public void Plan_with_cgroup_v1_joins_one_session_cgroup_per_hierarchy_before_the_overlay_arguments()
    {
        var plan = BwrapPlanner.Plan(Request(Limits), Host(V1));

        var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
        var status = args.IndexOf("--status");
        Assert.Equal(
            ["--status", $"/root/.vibedom/run/{Id}/start-error",
             "--cgroup", $"/sys/fs/cgroup/cpu,cpuacct/vibedom/{Id}",
             "--cgroup", $"/sys/fs/cgroup/memory/user/vibedom/{Id}",
             "--cgroup", $"/sys/fs/cgroup/pids/vibedom/{Id}",
             "/root/proj"],
            args.Skip(status).Take(9));
        Assert.Equal(["overlay", "--as"], args.Take(2)); // as root: the unprivileged identity and its stage come first
        Assert.Equal(["/run/vibedom/vibedom-init", "run", "--", "claude"], plan.LaunchAs<NamespaceLaunch>().Arguments.TakeLast(4));
        Assert.Same(Limits, plan.Limits);
    }

    [Fact]
    public void Plan_with_cgroup_v2_joins_the_one_session_cgroup()
    {
        var v2 = new CgroupLayout(CgroupVersion.V2, new Dictionary<string, string> { [CgroupLayout.Unified] = "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service" });

        var plan = BwrapPlanner.Plan(Request(Limits), Host(v2, root: false));

        Assert.Equal(
            ["overlay", "--rootless", "--status", $"/root/.vibedom/run/{Id}/start-error",
             "--cgroup", $"/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/vibedom/{Id}", "/root/proj"],
            plan.LaunchAs<NamespaceLaunch>().Arguments.Take(7));
    }

    [Fact]
    public void Plan_without_cgroups_limits_processes_by_rlimit_in_the_sandbox_init()
    {
        var plan = BwrapPlanner.Plan(Request(Limits), Host(CgroupLayout.None, root: false));

        Assert.DoesNotContain("--cgroup", plan.LaunchAs<NamespaceLaunch>().Arguments);
        Assert.Equal(["/run/vibedom/vibedom-init", "run", "--nproc", "32", "--", "claude"], plan.LaunchAs<NamespaceLaunch>().Arguments.TakeLast(6));
    }

    [Fact]
    public void Plan_without_limits_has_neither_cgroups_nor_rlimit()
    {
        var plan = BwrapPlanner.Plan(Request(null), Host(V1));

        Assert.DoesNotContain("--cgroup", plan.LaunchAs<NamespaceLaunch>().Arguments);
        Assert.DoesNotContain("--nproc", plan.LaunchAs<NamespaceLaunch>().Arguments);
    }
}
