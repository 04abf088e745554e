using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Testing.Host;
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
        private static IReadOnlyList<CheckedMount> Check(FakeHostFiles files, params string[] mounts) =>
            SandboxPolicy.CheckReadOnlyMounts(Request() with { ReadOnlyMounts = mounts }, "/home/alice", "/srv/proj", files);

        [Theory]
        [InlineData("/home", "it would expose the home folder")]
        [InlineData("/home/alice/.ssh/", "it would expose credentials under the home folder (~/.ssh)")]
        [InlineData("/home/alice/.aws/cli", "it would expose credentials under the home folder (~/.aws)")]
        [InlineData("/home/alice/.claude/.credentials.json", "it would expose credentials under the home folder (~/.claude/.credentials.json)")]
        [InlineData("/home/alice/.local", "~/.local is shared by many applications: list the application's own folder in it instead")]
        [InlineData("/home/alice/.config/", "~/.config is shared by many applications: list the application's own folder in it instead")]
        [InlineData("/var/run/docker", "it holds host sockets or kernel interfaces")]
        [InlineData("/sys/fs", "it holds host sockets or kernel interfaces")]
        [InlineData("/home/alice/.vibedom/../.vibedom", "it would expose vibedom's own folder")]
        [InlineData("/srv", "it overlaps the workspace")]
        public void CheckReadOnlyMounts_mount_exposing_what_is_hidden_is_refused_with_the_reason(string mount, string reason)
        {
            var e = Assert.Throws<VibedomException>(() => Check(new FakeHostFiles(), mount));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.EndsWith(": " + reason, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void CheckReadOnlyMounts_tool_folders_are_returned_normalised() =>
            Assert.Equal(
                [new CheckedMount("/home/alice/.local/bin", "/home/alice/.local/bin", []), new CheckedMount("/opt/node", "/opt/node", [])],
                Check(new FakeHostFiles(), "/home/alice/.local/bin/", "/opt/x/../node"),
                new MountComparer());

        [Theory]
        [InlineData("/home/alice/tools", "/home/alice")]
        [InlineData("/home/alice/tools", "/home/alice/.ssh")]
        [InlineData("/opt/tools", "../home/alice/.aws/credentials")]
        [InlineData("/opt/tools", "/home")]
        public void CheckReadOnlyMounts_a_symlink_to_the_home_folder_or_a_credential_is_refused_by_what_it_resolves_to(string mount, string target)
        {
            var files = new FakeHostFiles().Directory("/home/alice/.ssh").File("/home/alice/.aws/credentials").Link(mount, target);

            var e = Assert.Throws<VibedomException>(() => Check(files, mount));

            Assert.StartsWith($"refusing read-only mount {mount} (it resolves to /home", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void CheckReadOnlyMounts_a_symlinked_parent_folder_is_resolved_too()
        {
            var files = new FakeHostFiles().Link("/srv/links", "/home/alice").Directory("/home/alice/.ssh");

            var e = Assert.Throws<VibedomException>(() => Check(files, "/srv/links/.ssh/keys"));

            Assert.Equal("refusing read-only mount /srv/links/.ssh/keys (it resolves to /home/alice/.ssh/keys): it would expose credentials under the home folder (~/.ssh)", e.Message);
        }

        [Fact]
        public void CheckReadOnlyMounts_an_agent_folder_is_mounted_with_its_credential_file_masked()
        {
            var files = new FakeHostFiles().File("/home/alice/.claude/settings.json").File("/home/alice/.claude/.credentials.json").File("/home/alice/.codex/auth.json");

            var mounts = Check(files, "/home/alice/.claude", "/home/alice/.codex");

            Assert.Equal(
                [
                    new CheckedMount("/home/alice/.claude", "/home/alice/.claude", [new MaskedPath("/home/alice/.claude/.credentials.json", IsDirectory: false)]),
                    new CheckedMount("/home/alice/.codex", "/home/alice/.codex", [new MaskedPath("/home/alice/.codex/auth.json", IsDirectory: false)]),
                ],
                mounts,
                new MountComparer());
        }

        [Fact]
        public void CheckReadOnlyMounts_a_folder_reached_through_a_symlink_masks_the_credential_at_its_path_inside()
        {
            // ~/.claude is a link to /data/claude; the request names the link's real target under another link
            var files = new FakeHostFiles().Link("/home/alice/.claude", "/data/claude").File("/data/claude/.credentials.json").Link("/srv/agent-state", "/data/claude");

            var mount = Assert.Single(Check(files, "/srv/agent-state"));

            Assert.Equal("/data/claude", mount.Source);
            Assert.Equal([new MaskedPath("/srv/agent-state/.credentials.json", IsDirectory: false)], mount.Masks);
        }

        [Fact]
        public void CheckReadOnlyMounts_an_application_folder_under_config_is_mounted_and_a_credential_folder_in_it_is_masked_by_a_tmpfs()
        {
            var files = new FakeHostFiles().File("/home/alice/.config/opencode/opencode.json").Directory("/home/alice/.config/gcloud/legacy_credentials").File("/home/alice/.config/gh/hosts.yml");

            Assert.Equal([], Assert.Single(Check(files, "/home/alice/.config/opencode")).Masks);
            Assert.Equal([new MaskedPath("/home/alice/.config/gh/hosts.yml", IsDirectory: false)], Assert.Single(Check(files, "/home/alice/.config/gh")).Masks);
            Assert.EndsWith("(~/.config/gcloud)", Assert.Throws<VibedomException>(() => Check(files, "/home/alice/.config/gcloud")).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void CheckReadOnlyMounts_a_credential_that_is_absent_is_guarded_all_the_same()
        {
            var mount = Assert.Single(Check(new FakeHostFiles().File("/home/alice/.claude/settings.json"), "/home/alice/.claude"));

            Assert.Equal([new MaskedPath("/home/alice/.claude/.credentials.json", IsDirectory: false)], mount.Masks);
            Assert.Equal(
                [
                    new ReadOnlyStep(ReadOnlyStepKind.Folder, "/home/alice/.claude"),
                    new ReadOnlyStep(ReadOnlyStepKind.Bind, "/home/alice/.claude/settings.json", "/home/alice/.claude/settings.json"),
                    new ReadOnlyStep(ReadOnlyStepKind.Seal, "/home/alice/.claude"),
                ],
                mount.Steps);
        }

        [Fact]
        public void CheckReadOnlyMounts_a_folder_without_a_credential_under_it_is_one_bind() =>
            Assert.Equal([new ReadOnlyStep(ReadOnlyStepKind.Bind, "/opt/node", "/opt/node")], Assert.Single(Check(new FakeHostFiles().File("/opt/node/bin/node"), "/opt/node")).Steps);

        [Fact]
        public void CheckReadOnlyMounts_a_folder_holding_a_credential_is_made_afresh_around_it_with_each_other_entry_on_its_own()
        {
            // the request is a link to ~/.docker; a symlink in it is made again with its text, not followed
            var files = new FakeHostFiles()
                .Link("/srv/docker", "/home/alice/.docker")
                .File("/home/alice/.docker/daemon.json")
                .File("/home/alice/.docker/config.json")
                .Directory("/home/alice/.docker/contexts")
                .Link("/home/alice/.docker/key", "/home/alice/.ssh/id_ed25519");

            var mount = Assert.Single(Check(files, "/srv/docker"));

            Assert.Equal(
                [
                    new ReadOnlyStep(ReadOnlyStepKind.Folder, "/srv/docker"),
                    new ReadOnlyStep(ReadOnlyStepKind.MaskFile, "/srv/docker/config.json"),
                    new ReadOnlyStep(ReadOnlyStepKind.Bind, "/srv/docker/contexts", "/home/alice/.docker/contexts"),
                    new ReadOnlyStep(ReadOnlyStepKind.Bind, "/srv/docker/daemon.json", "/home/alice/.docker/daemon.json"),
                    new ReadOnlyStep(ReadOnlyStepKind.Link, "/srv/docker/key", "/home/alice/.ssh/id_ed25519"),
                    new ReadOnlyStep(ReadOnlyStepKind.Seal, "/srv/docker"),
                ],
                mount.Steps);
        }

        [Fact]
        public void CheckReadOnlyMounts_a_folder_holding_a_credential_and_too_many_other_entries_is_refused_with_one_line()
        {
            var files = new FakeHostFiles().File("/home/alice/.claude/.credentials.json");
            for (var i = 0; i <= SandboxPolicy.MaxEntriesAroundCredential; i++)
            {
                files.File($"/home/alice/.claude/f{i}");
            }

            var e = Assert.Throws<VibedomException>(() => Check(files, "/home/alice/.claude"));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.Equal(
                "refusing read-only mount /home/alice/.claude: /home/alice/.claude holds a credential and more than 256 other entries, each mounted on its own around it; list the folders the agent needs in it instead",
                e.Message);
        }

        private sealed class MountComparer : IEqualityComparer<CheckedMount>
        {
            public bool Equals(CheckedMount? x, CheckedMount? y) => x!.Target == y!.Target && x.Source == y.Source && x.Masks.SequenceEqual(y.Masks);

            public int GetHashCode(CheckedMount obj) => obj.Target.GetHashCode(StringComparison.Ordinal);
        }
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
