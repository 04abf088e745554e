using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing.Host;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

/// <summary>An agent's state (StateMount): bound writable under the sandbox HOME, after it; root-run through the helper's idmapped --state.</summary>
public sealed class StateMountPlanTests
{
    private static readonly HostLayout Host = new()
    {
        BwrapPath = "/usr/bin/bwrap",
        HelperPath = "/opt/vibedom/vibedom-init",
        IsRoot = false,
        UserName = "alice",
        Home = "/home/alice",
        RunDirectory = "/home/alice/.vibedom/run",
        SystemEntries = new Dictionary<string, string?> { ["usr"] = null, ["etc"] = null },
        Files = new FakeHostFiles(),
    };

    private static readonly SandboxRequest Request = new()
    {
        SessionId = "session-20261202-130000-ab12",
        Workspace = "/home/alice/proj",
        Command = ["claude"],
        ChangesDirectory = "/home/alice/.vibedom/logs/session-20261202-130000-ab12/changes",
        OverlayWorkDirectory = "/home/alice/.vibedom/logs/session-20261202-130000-ab12/work",
        HiddenPaths = ["/home/alice/.vibedom"],
        StateMounts = [new("/home/alice/.vibedom/agents/claude/.claude", ".claude"), new("/home/alice/.vibedom/agents/claude/.claude.json", ".claude.json")],
    };

    [Fact]
    public void Rootless_state_is_bound_writable_under_the_sandbox_home_after_it_is_made()
    {
        var plan = BwrapPlanner.Plan(Request, Host);

        var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
        var home = args.IndexOf("/home/alice", args.IndexOf("--tmpfs", args.IndexOf("/run")));
        var state = args.IndexOf("/home/alice/.vibedom/agents/claude/.claude");
        Assert.True(home > 0 && state > home, string.Join(' ', args));
        Assert.Equal(["--bind", "/home/alice/.vibedom/agents/claude/.claude", "/home/alice/.claude", "--bind", "/home/alice/.vibedom/agents/claude/.claude.json", "/home/alice/.claude.json"], args.Skip(state - 1).Take(6));
        Assert.Equal(
            [new SandboxMount(SandboxMountKind.StateBind, "/home/alice/.claude", "/home/alice/.vibedom/agents/claude/.claude"), new SandboxMount(SandboxMountKind.StateBind, "/home/alice/.claude.json", "/home/alice/.vibedom/agents/claude/.claude.json")],
            plan.Mounts.Where(m => m.Kind == SandboxMountKind.StateBind));
        Assert.DoesNotContain("--state", args);
    }

    [Fact]
    public void Root_run_state_goes_through_the_helpers_idmapped_state_stage()
    {
        var plan = BwrapPlanner.Plan(Request, Host with { IsRoot = true });

        var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
        Assert.Equal(["--state", "/home/alice/.vibedom/agents/claude/.claude", "--state", "/home/alice/.vibedom/agents/claude/.claude.json"], args.Skip(args.IndexOf("--state")).Take(4));
        var bind = args.IndexOf("/home/alice/.claude");
        Assert.Equal(["--bind", "/run/vibedom-stage/s0", "/home/alice/.claude", "--bind", "/run/vibedom-stage/s1", "/home/alice/.claude.json"], args.Skip(bind - 2).Take(6));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("")]
    public void State_outside_the_sandbox_home_is_refused(string relative)
    {
        var e = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(Request with { StateMounts = [new("/home/alice/.vibedom/agents/x/y", relative)] }, Host));

        Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
    }
}
