using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sandbox.Commands;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing.Host;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

public sealed class BwrapPlannerTests
{
    private static readonly HostLayout RootHost = new()
    {
        BwrapPath = "/usr/bin/bwrap",
        HelperPath = "/opt/vibedom/vibedom-init",
        IsRoot = true,
        UserName = "root",
        Home = "/root",
        RunDirectory = "/root/.vibedom/run",
        SystemEntries = new Dictionary<string, string?>
        {
            ["usr"] = null, ["bin"] = "usr/bin", ["sbin"] = "usr/sbin", ["lib"] = "usr/lib", ["lib64"] = "usr/lib64", ["etc"] = null, ["opt"] = null,
        },
        EtcSecretFiles = ["/etc/shadow", "/etc/ssh/ssh_host_ed25519_key"],
        EtcSecretDirectories = ["/etc/ssl/private"],
        PassThroughEnvironment = new Dictionary<string, string> { ["TERM"] = "xterm-kitty" },
        Files = new FakeHostFiles(),
    };

    private static SandboxRequest Request(params string[] command) => new()
    {
        SessionId = "session-20261129-153000-ab12",
        Workspace = "/root/proj",
        Command = command.Length == 0 ? ["claude", "--resume"] : command,
        ChangesDirectory = "/root/.vibedom/logs/session-20261129-153000-ab12/changes",
        OverlayWorkDirectory = "/root/.vibedom/logs/session-20261129-153000-ab12/work",
        HiddenPaths = ["/root/.vibedom"],
    };

    public sealed class Plan
    {
        [Fact]
        public void Plan_as_root_without_network_is_exact_argv()
        {
            // Given a root host and a request without a network route
            // When planning
            var plan = BwrapPlanner.Plan(Request(), RootHost);

            // Then the argv is exactly the overlay step, then bwrap on an explicit minimal root
            Assert.Equal("/opt/vibedom/vibedom-init", plan.LaunchAs<NamespaceLaunch>().FileName);
            // As root the sandbox never runs as root: the helper stages every non-system source (bwrap runs as
            // an unprivileged host identity that cannot reach root's folders) and makes fresh device nodes; the
            // files in /etc (masks, passwd, group) it binds itself, on the read-only overlay it shows the host's /etc through,
            // before bwrap binds /etc with them
            string[] expected =
            [
                "overlay", "--as", "2000000000:2000000000:65536",
                "--stage", "/opt/vibedom/vibedom-init",
                "--devices",
                "--status", "/root/.vibedom/run/session-20261129-153000-ab12/start-error",
                "--etc", "/etc", "/root/.vibedom/run/session-20261129-153000-ab12/etc-layer",
                "--ro-file", "/dev/null", "/etc/shadow",
                "--ro-file", "/dev/null", "/etc/ssh/ssh_host_ed25519_key",
                "--ro-file", "/root/.vibedom/run/session-20261129-153000-ab12/passwd", "/etc/passwd",
                "--ro-file", "/root/.vibedom/run/session-20261129-153000-ab12/group", "/etc/group",
                "/root/proj", "/root/.vibedom/logs/session-20261129-153000-ab12/changes", "/root/.vibedom/logs/session-20261129-153000-ab12/work", "/run/vibedom-stage/workspace", "--",
                "/usr/bin/bwrap",
                "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup", "--unshare-net",
                "--disable-userns", "--cap-drop", "ALL", "--uid", "1000", "--gid", "1000", "--hostname", "vibedom",
                "--die-with-parent", "--as-pid-1", "--new-session",
                "--tmpfs", "/",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/bin", "/bin",
                "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib",
                "--symlink", "usr/lib64", "/lib64",
                "--ro-bind", "/etc", "/etc",
                "--ro-bind", "/opt", "/opt",
                "--tmpfs", "/etc/ssl/private",
                "--proc", "/proc",
                "--dev", "/dev",
                "--tmpfs", "/tmp",
                "--tmpfs", "/var/tmp",
                "--tmpfs", "/run",
                "--tmpfs", "/root",
                "--ro-bind", "/run/vibedom-stage/0", "/run/vibedom/vibedom-init",
                "--bind", "/run/vibedom-stage/workspace", "/root/proj",
                "--chdir", "/root/proj",
                "--", "/run/vibedom/vibedom-init", "run", "--", "claude", "--resume",
            ];
            Assert.Equal(expected, plan.LaunchAs<NamespaceLaunch>().Arguments);
        }

        [Fact]
        public void Plan_as_ordinary_user_mounts_the_overlay_in_its_own_user_namespace()
        {
            var plan = BwrapPlanner.Plan(Request(), RootHost with { IsRoot = false });

            Assert.Equal(["overlay", "--rootless", "--status", "/root/.vibedom/run/session-20261129-153000-ab12/start-error"], plan.LaunchAs<NamespaceLaunch>().Arguments.Take(4));
            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            Assert.Equal(["--bind", "/root/proj", "/root/proj"], args.Skip(args.IndexOf("--bind")).Take(3));
            Assert.DoesNotContain("--stage", args);
            Assert.DoesNotContain("--dev-bind", args);
            // the files in /etc come from their host paths, bound by the helper in its own namespaces
            Assert.Equal(["--ro-file", "/root/.vibedom/run/session-20261129-153000-ab12/passwd", "/etc/passwd"], args.Skip(args.IndexOf("/etc/passwd") - 2).Take(3));
            Assert.True(args.IndexOf("/etc/passwd") < args.IndexOf("--"), "placed by the helper, not by bwrap");
        }

        [Fact]
        public void Plan_environment_is_cleared_except_an_explicit_list()
        {
            var plan = BwrapPlanner.Plan(Request() with { Environment = new Dictionary<string, string> { ["SSL_CERT_FILE"] = "/run/vibedom/ca.crt" } }, RootHost);

            var expected = new Dictionary<string, string>
            {
                ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                ["HOME"] = "/root",
                ["USER"] = "vibedom",
                ["LOGNAME"] = "vibedom",
                ["SHELL"] = "/bin/bash",
                ["TERM"] = "xterm-kitty",
                ["LANG"] = "C.UTF-8",
                ["VIBEDOM_SESSION"] = "session-20261129-153000-ab12",
                ["SSL_CERT_FILE"] = "/run/vibedom/ca.crt",
            };
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), plan.Environment.OrderBy(p => p.Key, StringComparer.Ordinal));
        }

        [Fact]
        public void Plan_with_network_route_binds_the_socket_directory_read_only_and_starts_the_forwarder()
        {
            var plan = BwrapPlanner.Plan(Request() with { Network = NetworkRoute.UnixSocket("/root/.vibedom/run/net-1") }, RootHost with { IsRoot = false });

            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            var bind = args.IndexOf("/root/.vibedom/run/net-1");
            Assert.Equal(["--ro-bind", "/root/.vibedom/run/net-1", "/run/vibedom/net"], args.Skip(bind - 1).Take(3));
            Assert.Equal(["/run/vibedom/vibedom-init", "run", "--forward", "127.0.0.1:3128=/run/vibedom/net/proxy.sock", "--", "claude", "--resume"], args.Skip(args.IndexOf("/run/vibedom/vibedom-init", args.IndexOf("--chdir"))).ToList());
            foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY" })
            {
                Assert.Equal("http://127.0.0.1:3128", plan.Environment[name]);
            }

            Assert.Equal("localhost,127.0.0.1,::1", plan.Environment["NO_PROXY"]);
            Assert.DoesNotContain("--net", args); // rootless: the sandbox is the user, who owns the 0700 folder
        }

        [Fact]
        public void Plan_as_root_with_network_and_tools_stages_the_socket_folder_bundle_and_tools()
        {
            var route = NetworkRoute.UnixSocket("/root/.vibedom/run/net-1") with { SystemCaBundles = ["/etc/ssl/certs/ca-certificates.crt"] };
            var plan = BwrapPlanner.Plan(Request() with { Network = route, ReadOnlyMounts = ["/srv/tools"] }, RootHost with { SandboxHostUid = 100000, SandboxHostGid = 100001, SandboxHostIdCount = 300 });

            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            Assert.Equal(["overlay", "--as", "100000:100001:300"], args.Take(3));
            var staged = args.Select((a, i) => (a, i)).Where(p => p.a == "--stage").Select(p => args[p.i + 1]).ToList();
            Assert.Equal(["/srv/tools", "/opt/vibedom/vibedom-init", "/root/.vibedom/run/net-1"], staged);
            Assert.Equal(["--ro-bind", "/run/vibedom-stage/0", "/srv/tools"], args.Skip(args.IndexOf("/srv/tools", args.IndexOf("--")) - 2).Take(3));
            Assert.Equal(["--ro-bind", "/run/vibedom-stage/2", "/run/vibedom/net"], args.Skip(args.IndexOf("/run/vibedom/net") - 2).Take(3));
            // the socket folder is root's 0700 until the helper has claimed the sandbox's gid, then that group's alone
            Assert.Equal("/root/.vibedom/run/net-1", args[args.IndexOf("--net") + 1]);
            Assert.True(args.IndexOf("--net") < args.IndexOf("--"), "the helper's own step, before bwrap");
            foreach (var system in route.SystemCaBundles)
            {
                // in /etc: the helper binds the host's bundle there before bwrap binds /etc with it
                Assert.Equal(["--ro-file", "/root/.vibedom/run/net-1/" + NetworkRoute.CaBundleName, system], args.Skip(args.IndexOf(system) - 2).Take(3));
                Assert.Contains(new SandboxMount(SandboxMountKind.ReadOnlyBind, system, "/root/.vibedom/run/net-1/" + NetworkRoute.CaBundleName), plan.Mounts);
            }
        }

        [Fact]
        public void Plan_a_file_outside_the_bound_system_folders_stays_a_bwrap_bind()
        {
            // Given a CA bundle path in no folder bwrap binds (the helper's bind there would not reach the sandbox)
            var route = NetworkRoute.UnixSocket("/root/.vibedom/run/net-1") with { SystemCaBundles = ["/var/lib/ca-certificates/ca-bundle.pem"] };

            // When planning
            var args = BwrapPlanner.Plan(Request() with { Network = route }, RootHost with { IsRoot = false }).LaunchAs<NamespaceLaunch>().Arguments.ToList();

            // Then bwrap binds it itself, after the helper's step
            var at = args.IndexOf("/var/lib/ca-certificates/ca-bundle.pem");
            Assert.Equal(["--ro-bind", "/root/.vibedom/run/net-1/" + NetworkRoute.CaBundleName, "/var/lib/ca-certificates/ca-bundle.pem"], args.Skip(at - 2).Take(3));
            Assert.True(at > args.IndexOf("--"));
            Assert.DoesNotContain("--ro-file", args.Skip(at - 2).Take(1));
        }

        [Fact]
        public void Plan_shows_etc_through_the_helpers_overlay_with_the_hosts_mounts_under_it_attached_again()
        {
            // Given a host with mounts of its own under /etc (a container's /etc/hosts and /etc/resolv.conf)
            var host = RootHost with { EtcMounts = ["/etc/hosts", "/etc/resolv.conf"] };

            // When planning
            var plan = BwrapPlanner.Plan(Request(), host);

            // Then the helper shows the host's /etc over an empty layer in the session's state folder, attaches those
            // mounts again on it, and only then places its files there
            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            string[] expected =
            [
                "--etc", "/etc", "/root/.vibedom/run/session-20261129-153000-ab12/etc-layer",
                "--etc-keep", "/etc/hosts", "--etc-keep", "/etc/resolv.conf", "--ro-file",
            ];
            Assert.Equal(expected, args.Skip(args.IndexOf("--etc")).Take(8));
            Assert.Contains(new SandboxMount(SandboxMountKind.ReadOnlyBind, "/etc/resolv.conf", "/etc/resolv.conf"), plan.Mounts);
        }

        [Fact]
        public void Plan_with_a_host_mount_under_etc_it_cannot_name_binds_etc_as_it_is()
        {
            // Given a host mount under /etc whose name was not UTF-8 (read as U+FFFD: the helper could not find it by that name)
            var host = RootHost with { EtcMounts = ["/etc/bad\uFFFDname", "/etc/hosts"] };

            // When planning
            var args = BwrapPlanner.Plan(Request(), host).LaunchAs<NamespaceLaunch>().Arguments;

            // Then no overlay, which would show what that mount covers: /etc is bound as it is, its mounts with it
            Assert.DoesNotContain("--etc", args);
            Assert.DoesNotContain("--etc-keep", args);
        }

        [Fact]
        public void Plan_as_ordinary_user_on_a_host_with_mounts_under_etc_binds_etc_as_it_is()
        {
            // Given a rootless start on a host with a mount under /etc (locked in the helper's user namespace: no overlay layer)
            var host = RootHost with { IsRoot = false, EtcMounts = ["/etc/hosts"] };

            // When planning
            var args = BwrapPlanner.Plan(Request(), host).LaunchAs<NamespaceLaunch>().Arguments;

            // Then /etc is bound as it is, its mounts with it, and the helper still places the files in it
            Assert.DoesNotContain("--etc", args);
            Assert.DoesNotContain("--etc-keep", args);
            Assert.Contains("--ro-file", args);
        }

        [Fact]
        public void Plan_of_a_host_whose_etc_is_no_folder_has_no_etc_overlay()
        {
            var host = RootHost with { SystemEntries = new Dictionary<string, string?> { ["usr"] = null, ["etc"] = "usr/etc" } };

            var args = BwrapPlanner.Plan(Request(), host).LaunchAs<NamespaceLaunch>().Arguments;

            Assert.DoesNotContain("--etc", args);
            Assert.Equal(["--symlink", "usr/etc", "/etc"], args.Skip(args.ToList().IndexOf("usr/etc") - 1).Take(3));
        }

        [Fact]
        public void Plan_refuses_a_state_folder_overlayfs_cannot_take_as_a_layer_with_one_line()
        {
            var host = RootHost with { RunDirectory = "/root/.vibedom:x/run" };

            var e = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(Request(), host));

            Assert.Equal(
                "the namespace runtime cannot show /etc through an overlay of a path containing ',', ':', '\\' or a newline: /root/.vibedom:x/run/session-20261129-153000-ab12/etc-layer",
                e.Message);
            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
        }

        [Fact]
        public void Plan_a_file_reached_through_a_link_stays_a_bwrap_bind()
        {
            // Given a CA bundle that is a link (as /etc/ssl/cert.pem is on some distributions) and a mask under a linked folder
            var route = NetworkRoute.UnixSocket("/root/.vibedom/run/net-1") with { SystemCaBundles = ["/etc/ssl/cert.pem"] };
            var files = new FakeHostFiles().Link("/etc/ssl/cert.pem", "/etc/pki/tls/cert.pem").Link("/etc/ssh", "/srv/ssh");
            var host = RootHost with { IsRoot = false, Files = files };

            // When planning
            var args = BwrapPlanner.Plan(Request() with { Network = route }, host).LaunchAs<NamespaceLaunch>().Arguments.ToList();

            // Then the helper does not mount through the links (its mount would land where they point); bwrap binds them
            var helper = args.Take(args.IndexOf("--")).ToList();
            Assert.DoesNotContain("/etc/ssl/cert.pem", helper);
            Assert.DoesNotContain("/etc/ssh/ssh_host_ed25519_key", helper);
            Assert.Contains("/etc/shadow", helper);
            Assert.Equal(["--ro-bind", "/root/.vibedom/run/net-1/" + NetworkRoute.CaBundleName, "/etc/ssl/cert.pem"], args.Skip(args.IndexOf("/etc/ssl/cert.pem") - 2).Take(3));
            Assert.Equal(["--ro-bind", "/dev/null", "/etc/ssh/ssh_host_ed25519_key"], args.Skip(args.IndexOf("/etc/ssh/ssh_host_ed25519_key") - 2).Take(3));
        }

        [Fact]
        public void Plan_without_network_route_has_no_proxy_variables_and_no_forwarder()
        {
            var plan = BwrapPlanner.Plan(Request(), RootHost);

            Assert.DoesNotContain("--forward", plan.LaunchAs<NamespaceLaunch>().Arguments);
            Assert.DoesNotContain("--share-net", plan.LaunchAs<NamespaceLaunch>().Arguments);
            Assert.False(plan.Environment.ContainsKey("HTTP_PROXY"));
        }

        [Fact]
        public void Plan_with_pty_does_not_ask_for_a_new_session()
        {
            var plan = BwrapPlanner.Plan(Request() with { Terminal = SandboxTerminal.Pty }, RootHost);

            Assert.DoesNotContain("--new-session", plan.LaunchAs<NamespaceLaunch>().Arguments);
        }

        [Fact]
        public void Plan_never_binds_host_root_run_var_or_docker_socket()
        {
            var plan = BwrapPlanner.Plan(Request(), RootHost);

            var sources = plan.Mounts.Where(m => m.Kind is SandboxMountKind.ReadOnlyBind or SandboxMountKind.Overlay).Select(m => m.Source!).ToList();
            Assert.DoesNotContain("/", sources);
            Assert.DoesNotContain(sources, s => s.StartsWith("/run", StringComparison.Ordinal) || s.StartsWith("/var", StringComparison.Ordinal) || s.Contains(".ssh", StringComparison.Ordinal));
            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            Assert.DoesNotContain("--dev-bind", args);
            Assert.Contains("--devices", args); // the helper's fresh nodes are what bwrap's --dev binds
        }

        [Fact]
        public void Plan_hidden_workspace_files_are_masked_after_the_workspace_is_bound()
        {
            var files = new FakeHostFiles().File("/root/proj/.env", "x").File("/root/proj/config/prod.env", "y");
            var request = Request() with { HiddenWorkspaceFiles = [".env", "config/prod.env"] };

            var plan = BwrapPlanner.Plan(request, RootHost with { Files = files });

            // over the overlay, so the agent's view of the workspace has /dev/null there
            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            var workspace = args.IndexOf("/run/vibedom-stage/workspace", args.IndexOf("--bind"));
            var env = args.IndexOf("/root/proj/.env");
            Assert.True(workspace > 0 && env > workspace, string.Join(' ', args));
            Assert.Equal(["--ro-bind", "/dev/null", "/root/proj/.env", "--ro-bind", "/dev/null", "/root/proj/config/prod.env"], args.GetRange(env - 2, 6));
            Assert.Contains(new SandboxMount(SandboxMountKind.Masked, "/root/proj/.env"), plan.Mounts);
        }

        [Theory]
        [InlineData("../etc/passwd", "not a plain path inside the workspace")]
        [InlineData("/root/proj/.env", "not a plain path inside the workspace")]
        [InlineData("a/./b", "not a plain path inside the workspace")]
        [InlineData("linked/.env", "linked is a symlink")]
        [InlineData("link.env", "link.env is a symlink")]
        [InlineData("missing.env", "it does not exist")]
        [InlineData("config", "it is a folder")]
        public void Plan_refuses_a_hidden_file_it_cannot_mask_exactly(string hidden, string why)
        {
            var files = new FakeHostFiles().File("/root/proj/config/prod.env", "y").Link("/root/proj/linked", "/etc").Link("/root/proj/link.env", "/etc/passwd");
            var request = Request() with { HiddenWorkspaceFiles = [hidden] };

            var error = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(request, RootHost with { Files = files }));

            Assert.Equal(ExitCodes.UsageOrConfig, error.ExitCode);
            Assert.Equal($"cannot hide {hidden} from the agent: {why}; nothing was started", error.Message);
        }

        [Fact]
        public void Plan_vibedom_home_under_a_bound_system_folder_is_masked_by_tmpfs()
        {
            var request = Request() with { HiddenPaths = ["/opt/vibedom-home"] };

            var plan = BwrapPlanner.Plan(request, RootHost);

            Assert.Contains(new SandboxMount(SandboxMountKind.Masked, "/opt/vibedom-home"), plan.Mounts);
        }

        [Fact]
        public void Plan_writes_passwd_naming_the_sandbox_user()
        {
            var plan = BwrapPlanner.Plan(Request(), RootHost with { UserName = "alice", Home = "/home/alice", IsRoot = false });

            var passwd = plan.LaunchAs<NamespaceLaunch>().Files["/root/.vibedom/run/session-20261129-153000-ab12/passwd"];
            Assert.Contains("alice:x:1000:1000:alice:/home/alice:/bin/bash\n", passwd, StringComparison.Ordinal);
            Assert.Equal(1000, plan.SandboxUid);
        }

        [Fact]
        public void Plan_a_requested_agent_folder_is_made_afresh_with_its_credential_file_masked_by_an_empty_file_and_each_other_entry_bound()
        {
            var host = RootHost with { IsRoot = false, Files = new FakeHostFiles().File("/root/.claude/settings.json").File("/root/.claude/.credentials.json").Directory("/root/.codex/sessions") };

            var plan = BwrapPlanner.Plan(Request() with { ReadOnlyMounts = ["/root/.claude"] }, host);

            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            var at = args.IndexOf("/root/.claude");
            Assert.Equal(
                [
                    "--tmpfs", "/root/.claude",
                    "--ro-bind", "/dev/null", "/root/.claude/.credentials.json",
                    "--ro-bind", "/root/.claude/settings.json", "/root/.claude/settings.json",
                    "--remount-ro", "/root/.claude",
                ],
                args.Skip(at - 1).Take(10));
            Assert.Contains(new SandboxMount(SandboxMountKind.Masked, "/root/.claude/.credentials.json"), plan.Mounts);
        }

        [Fact]
        public void Plan_a_resolved_command_is_first_on_PATH_its_links_recreated_and_its_package_bound_at_the_same_paths()
        {
            var files = new FakeHostFiles()
                .Link("/root/.npm-global/bin/codex", "../lib/node_modules/@openai/codex/bin/codex.js")
                .File("/root/.npm-global/lib/node_modules/@openai/codex/bin/codex.js", "#!/usr/bin/env node\n", executable: true);
            var command = new CommandPlan(
                "/root/.npm-global/bin/codex",
                ["/root/.npm-global/bin"],
                [new CommandLink("/root/.npm-global/bin/codex", "../lib/node_modules/@openai/codex/bin/codex.js")],
                ["/root/.npm-global/lib/node_modules/@openai/codex"]);

            var plan = BwrapPlanner.Plan(Request("codex") with { CommandPlan = command }, RootHost with { IsRoot = false, Files = files });

            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            var bind = args.IndexOf("/root/.npm-global/lib/node_modules/@openai/codex");
            Assert.Equal(
                [
                    "--ro-bind", "/root/.npm-global/lib/node_modules/@openai/codex", "/root/.npm-global/lib/node_modules/@openai/codex",
                    "--symlink", "../lib/node_modules/@openai/codex/bin/codex.js", "/root/.npm-global/bin/codex",
                ],
                args.Skip(bind - 1).Take(6));
            Assert.True(args.IndexOf("/root", args.IndexOf("/run")) < bind && bind < args.IndexOf("--bind"));
            Assert.Equal("/root/.npm-global/bin:" + BwrapPlanner.SandboxPath, plan.Environment["PATH"]);
        }

        [Fact]
        public void Plan_a_resolved_command_whose_link_leads_to_a_credential_is_refused()
        {
            var files = new FakeHostFiles().Link("/srv/bin/agent", "/root/.aws/credentials").File("/root/.aws/credentials", "x", executable: true);
            var command = CommandResolver.Plan("agent", new CommandSearch(["/srv/bin"]), files);

            var e = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(Request("agent") with { CommandPlan = command }, RootHost with { Files = files }));

            Assert.Equal("refusing 'agent' from the host: /root/.aws/credentials: it would expose credentials under the home folder (~/.aws)", e.Message);
        }

        [Theory]
        [InlineData("/")]
        [InlineData("/root")]
        [InlineData("/root/.vibedom/logs")]
        [InlineData("/usr/src/x")]
        [InlineData("/etc")]
        [InlineData("relative/path")]
        [InlineData("/srv/a,upperdir=/etc")]
        [InlineData("/srv/a:b")]
        public void Plan_unsafe_workspace_is_refused_as_usage_error(string workspace)
        {
            var e = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(Request() with { Workspace = workspace }, RootHost));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
        }

        [Fact]
        public void Plan_workspace_containing_vibedom_home_is_refused()
        {
            var request = Request() with { Workspace = "/srv/all", HiddenPaths = ["/srv/all/.vibedom"], ChangesDirectory = "/srv/all/.vibedom/logs/s/changes" };

            var e = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(request, RootHost));

            Assert.Contains("overlaps", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Plan_read_only_mounts_are_bound_read_only_after_home_and_before_the_workspace()
        {
            var plan = BwrapPlanner.Plan(Request() with { ReadOnlyMounts = ["/root/.local/bin/", "/srv/tools"] }, RootHost with { IsRoot = false });

            var args = plan.LaunchAs<NamespaceLaunch>().Arguments.ToList();
            var home = args.IndexOf("/root", args.IndexOf("--tmpfs", args.IndexOf("/run")));
            var tools = args.IndexOf("/root/.local/bin");
            Assert.Equal(["--ro-bind", "/root/.local/bin", "/root/.local/bin", "--ro-bind", "/srv/tools", "/srv/tools"], args.Skip(tools - 1).Take(6));
            Assert.True(home < tools && tools < args.IndexOf("--bind"));
        }

        [Theory]
        [InlineData("/")]
        [InlineData("/root")]
        [InlineData("/root/.ssh")]
        [InlineData("/root/.config")]
        [InlineData("/root/.aws/cli")]
        [InlineData("/run/user/1000")]
        [InlineData("/var/run")]
        [InlineData("/root/.vibedom/logs")]
        [InlineData("/root/proj/node_modules")]
        [InlineData("/root/.local/share")]
        public void Plan_read_only_mount_that_would_expose_secrets_is_refused(string mount)
        {
            var e = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(Request() with { ReadOnlyMounts = [mount] }, RootHost));

            Assert.StartsWith("refusing read-only mount", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Plan_empty_command_is_refused()
        {
            Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(Request() with { Command = [] }, RootHost));
        }

        [Fact]
        public void Plan_tcp_route_is_refused_because_the_sandbox_has_no_network_device_but_lo()
        {
            var route = NetworkRoute.Tcp("/root/.vibedom/run/net-1", new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.88.0.1"), 3128));

            var e = Assert.Throws<VibedomException>(() => BwrapPlanner.Plan(Request() with { Network = route }, RootHost));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.Equal("the namespace runtime reaches the proxy through a Unix socket only, not tcp 10.88.0.1:3128 (CA in /root/.vibedom/run/net-1)", e.Message);
        }

        [Fact]
        public void Plan_common_part_names_the_runtime_and_describes_the_argv()
        {
            var plan = BwrapPlanner.Plan(Request(), RootHost);

            Assert.Equal(BwrapPlanner.RuntimeName, plan.Runtime);
            Assert.Equal(string.Join(' ', plan.LaunchAs<NamespaceLaunch>().Arguments.Prepend("/opt/vibedom/vibedom-init")), plan.ToString());
        }
    }

    public sealed class Prerequisites
    {
        [Theory]
        [InlineData("bubblewrap 0.8.0", true)]
        [InlineData("bubblewrap 0.11.0", true)]
        [InlineData("bubblewrap 0.7.0", false)]
        [InlineData("", false)]
        public void Is_at_least_0_8_parses_the_bwrap_version(string text, bool expected) =>
            Assert.Equal(expected, NamespaceRuntime.IsAtLeast08(text));

        [Fact]
        public void Static_checks_app_armor_restriction_fails_with_the_sysctl_fix()
        {
            using var proc = new Vibedom.Testing.TempDirectory();
            proc.Write("filesystems", "nodev\ttmpfs\nnodev\toverlay\n");
            proc.Write("sys/user/max_user_namespaces", "15000\n");
            proc.Write("sys/kernel/apparmor_restrict_unprivileged_userns", "1\n");

            var checks = NamespaceRuntime.StaticChecks(proc.Path);

            var failed = Assert.Single(checks, c => !c.Ok);
            Assert.Equal("AppArmor user namespace restriction", failed.Name);
            Assert.StartsWith("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0", failed.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void Static_checks_no_overlay_no_userns_fail_with_fixes()
        {
            using var proc = new Vibedom.Testing.TempDirectory();
            proc.Write("filesystems", "nodev\ttmpfs\n");
            proc.Write("sys/user/max_user_namespaces", "0\n");

            var checks = NamespaceRuntime.StaticChecks(proc.Path);

            Assert.Equal(["overlayfs", "user namespaces"], checks.Where(c => !c.Ok).Select(c => c.Name));
            Assert.All(checks, c => Assert.False(string.IsNullOrEmpty(c.Ok ? c.Detail : c.Fix)));
        }
    }
}
