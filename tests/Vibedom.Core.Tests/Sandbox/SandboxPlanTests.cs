using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;
using Xunit;

namespace Vibedom.Core.Tests.Sandbox;

public sealed class SandboxPlanTests
{
    private static SandboxPlan PlanOf(RuntimePlan launch) => new()
    {
        Runtime = "other",
        SessionId = "session-1",
        Workspace = "/srv/proj",
        Command = ["claude"],
        Environment = new Dictionary<string, string>(),
        Mounts = [],
        SandboxUid = SandboxPolicy.SandboxUid,
        SandboxGid = SandboxPolicy.SandboxGid,
        Launch = launch,
    };

    public sealed class LaunchAs
    {
        [Fact]
        public void LaunchAs_the_planning_runtimes_type_is_its_part()
        {
            var launch = new OtherLaunch();

            Assert.Same(launch, PlanOf(launch).LaunchAs<OtherLaunch>());
            Assert.Equal("other create", PlanOf(launch).ToString());
        }

        [Fact]
        public void LaunchAs_another_runtimes_type_fails_with_one_line()
        {
            var e = Assert.Throws<VibedomException>(() => PlanOf(new OtherLaunch()).LaunchAs<ThirdLaunch>());

            Assert.Equal(ExitCodes.Error, e.ExitCode);
            Assert.Equal("a plan of the other runtime (OtherLaunch) cannot be run as ThirdLaunch", e.Message);
        }
    }

    private sealed record OtherLaunch : RuntimePlan
    {
        public override string Describe() => "other create";
    }

    private sealed record ThirdLaunch : RuntimePlan
    {
        public override string Describe() => "third";
    }
}
