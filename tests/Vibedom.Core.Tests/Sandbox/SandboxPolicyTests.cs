using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Xunit;

namespace Vibedom.Core.Tests.Sandbox;

public sealed class SandboxPolicyTests
{
    private static SandboxRequest Request(string workspace = "/srv/proj") => new()
    {
        SessionId = "session-1",
        Workspace = workspace,
        Command = ["claude"],
        ChangesDirectory = "/home/alice/.vibedom/logs/session-1/changes",
        OverlayWorkDirectory = "/home/alice/.vibedom/logs/session-1/work",
        HiddenPaths = ["/home/alice/.vibedom"],
    };

    public sealed class CheckWorkspace
    {
        [Theory]
        [InlineData("/", "refusing to use / as a workspace: choose a project folder")]
        [InlineData("/home/alice/", "refusing to use /home/alice as a workspace: choose a project folder")]
        [InlineData("/usr/src/x", "refusing to use /usr/src/x as a workspace: it is a system folder")]
        [InlineData("/proc/1", "refusing to use /proc/1 as a workspace: it is a system folder")]
        [InlineData("/run/user/1000/x", "refusing to use /run/user/1000/x as a workspace: it is a system folder")]
        [InlineData("relative", "workspace must be an absolute path: relative")]
        [InlineData("/home/alice/.vibedom/logs", "refusing workspace /home/alice/.vibedom/logs: it overlaps vibedom's own folder /home/alice/.vibedom")]
        [InlineData("/home/alice/.vibedom/../.vibedom/x", "refusing workspace /home/alice/.vibedom/x: it overlaps vibedom's own folder /home/alice/.vibedom")]
        public void CheckWorkspace_unsafe_workspace_is_a_usage_error_with_one_line(string workspace, string message)
        {
            var e = Assert.Throws<VibedomException>(() => SandboxPolicy.CheckWorkspace(Request(workspace), "/home/alice"));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void CheckWorkspace_project_folder_is_returned_normalised() =>
            Assert.Equal("/srv/proj", SandboxPolicy.CheckWorkspace(Request("/srv/x/../proj/"), "/home/alice"));

        [Fact]
        public void CheckWorkspace_empty_command_is_refused() =>
            Assert.Equal("no command to run in the sandbox", Assert.Throws<VibedomException>(() => SandboxPolicy.CheckWorkspace(Request() with { Command = [""] }, "/home/alice")).Message);
    }

    public sealed class CheckReadOnlyMounts
    {
        [Theory]
        [InlineData("/home", "it would expose the home folder")]
        [InlineData("/home/alice/.ssh/", "it would expose credentials under the home folder")]
        [InlineData("/home/alice/.local", "it would expose credentials under the home folder")] // holds .local/share/keyrings
        [InlineData("/home/alice/.config/gh", "it would expose credentials under the home folder")]
        [InlineData("/var/run/docker", "it holds host sockets or kernel interfaces")]
        [InlineData("/sys/fs", "it holds host sockets or kernel interfaces")]
        [InlineData("/home/alice/.vibedom/../.vibedom", "it would expose vibedom's own folder")]
        [InlineData("/srv", "it overlaps the workspace")]
        public void CheckReadOnlyMounts_mount_exposing_what_is_hidden_is_refused_with_the_reason(string mount, string reason)
        {
            var e = Assert.Throws<VibedomException>(() => SandboxPolicy.CheckReadOnlyMounts(Request() with { ReadOnlyMounts = [mount] }, "/home/alice", "/srv/proj"));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.EndsWith(": " + reason, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void CheckReadOnlyMounts_tool_folders_are_returned_normalised() =>
            Assert.Equal(["/home/alice/.local/bin", "/opt/node"], SandboxPolicy.CheckReadOnlyMounts(Request() with { ReadOnlyMounts = ["/home/alice/.local/bin/", "/opt/x/../node"] }, "/home/alice", "/srv/proj"));
    }

    public sealed class HidingVibedomHome
    {
        [Fact]
        public void HidingVibedomHome_adds_the_home_once()
        {
            var home = new VibedomHome("/var/lib/vibedom");

            var once = SandboxPolicy.HidingVibedomHome(Request(), home);

            Assert.Equal(["/home/alice/.vibedom", "/var/lib/vibedom"], once.HiddenPaths);
            Assert.Same(once, SandboxPolicy.HidingVibedomHome(once, home));
        }
    }

    public sealed class IsReservedVariable
    {
        [Theory]
        [InlineData("PATH")]
        [InlineData("VIBEDOM_SESSION")]
        [InlineData("https_proxy")]
        [InlineData("AWS_CA_BUNDLE")]
        [InlineData("GIT_SSL_CAINFO")]
        public void IsReservedVariable_plan_owned_name_is_reserved(string name) => Assert.True(SandboxPolicy.IsReservedVariable(name));

        [Fact]
        public void IsReservedVariable_every_proxy_and_ca_variable_of_the_route_is_reserved() =>
            Assert.All(NetworkRoute.ProxyVariables.Keys, name => Assert.True(SandboxPolicy.IsReservedVariable(name), name));

        [Fact]
        public void IsReservedVariable_agent_credential_name_is_not_reserved() => Assert.False(SandboxPolicy.IsReservedVariable("ANTHROPIC_API_KEY"));
    }
}
