using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Commands;
using Vibedom.Testing.Host;
using Xunit;

namespace Vibedom.Core.Tests.Sandbox.Commands;

public sealed class CommandResolverTests
{
    private const string Home = "/home/alice";
    private const string Workspace = "/home/alice/proj";

    private static CommandPlan Plan(string command, FakeHostFiles files, string path = "/usr/local/bin:/usr/bin:/bin") =>
        CommandResolver.Plan(command, CommandSearch.ForHost(path, Home, Workspace, files), files);

    private static void AssertPlan(CommandPlan expected, CommandPlan actual)
    {
        Assert.Equal(expected.Executable, actual.Executable);
        Assert.Equal(expected.PathDirectories, actual.PathDirectories);
        Assert.Equal(expected.Links, actual.Links);
        Assert.Equal(expected.Trees, actual.Trees);
    }

    public sealed class Plan_
    {
        [Fact]
        public void Plan_npm_global_package_in_a_home_prefix_binds_the_package_folder_and_recreates_the_bin_link()
        {
            // Given `npm i -g --prefix ~/.npm-global @openai/codex`: bin/codex -> ../lib/node_modules/@openai/codex/bin/codex.js, run by env node
            var files = new FakeHostFiles()
                .Link("/home/alice/.npm-global/bin/codex", "../lib/node_modules/@openai/codex/bin/codex.js")
                .File("/home/alice/.npm-global/lib/node_modules/@openai/codex/bin/codex.js", "#!/usr/bin/env node\nimport x from 'y';", executable: true)
                .Executable("/usr/bin/node");

            // When planning `codex` with the prefix on PATH
            var plan = Plan("codex", files, "/home/alice/.npm-global/bin:/usr/bin:/bin");

            // Then the bin folder goes first on PATH, the link is recreated and only the package folder is bound (node is a system file)
            AssertPlan(
                new CommandPlan(
                    "/home/alice/.npm-global/bin/codex",
                    ["/home/alice/.npm-global/bin"],
                    [new CommandLink("/home/alice/.npm-global/bin/codex", "../lib/node_modules/@openai/codex/bin/codex.js")],
                    ["/home/alice/.npm-global/lib/node_modules/@openai/codex"]),
                plan);
        }

        [Fact]
        public void Plan_nvm_install_binds_the_package_and_the_nvm_node_interpreter_found_without_PATH()
        {
            var files = new FakeHostFiles()
                .Directory("/home/alice/.nvm/versions/node/v9.11.2/bin")
                .Link("/home/alice/.nvm/versions/node/v20.10.0/bin/claude", "../lib/node_modules/@anthropic-ai/claude-code/cli.js")
                .File("/home/alice/.nvm/versions/node/v20.10.0/lib/node_modules/@anthropic-ai/claude-code/cli.js", "#!/usr/bin/env -S node --no-warnings\n", executable: true)
                .Executable("/home/alice/.nvm/versions/node/v20.10.0/bin/node");

            var plan = Plan("claude", files);

            AssertPlan(
                new CommandPlan(
                    "/home/alice/.nvm/versions/node/v20.10.0/bin/claude",
                    ["/home/alice/.nvm/versions/node/v20.10.0/bin"],
                    [new CommandLink("/home/alice/.nvm/versions/node/v20.10.0/bin/claude", "../lib/node_modules/@anthropic-ai/claude-code/cli.js")],
                    ["/home/alice/.nvm/versions/node/v20.10.0/lib/node_modules/@anthropic-ai/claude-code", "/home/alice/.nvm/versions/node/v20.10.0/bin/node"]),
                plan);
        }

        [Fact]
        public void Plan_native_installer_link_in_local_bin_binds_the_versioned_file_only()
        {
            var files = new FakeHostFiles()
                .Link("/home/alice/.local/bin/claude", "/home/alice/.local/share/claude/versions/2.1.3")
                .Executable("/home/alice/.local/share/claude/versions/2.1.3")
                .File("/home/alice/.local/share/claude/.credentials-like-neighbour");

            var plan = Plan("claude", files);

            AssertPlan(
                new CommandPlan(
                    "/home/alice/.local/bin/claude",
                    ["/home/alice/.local/bin"],
                    [new CommandLink("/home/alice/.local/bin/claude", "/home/alice/.local/share/claude/versions/2.1.3")],
                    ["/home/alice/.local/share/claude/versions/2.1.3"]),
                plan);
        }

        [Fact]
        public void Plan_script_whose_interpreter_is_a_link_to_a_script_follows_each_interpreter()
        {
            var files = new FakeHostFiles()
                .File("/srv/tools/bin/agent", "#!/usr/bin/env tinynode\n", executable: true)
                .Link("/srv/node/bin/tinynode", "../versions/1.0/tinynode")
                .File("/srv/node/versions/1.0/tinynode", "#!/bin/sh\nexec /usr/bin/node \"$@\"\n", executable: true)
                .Executable("/bin/sh");

            var plan = Plan("agent", files, "/srv/tools/bin:/srv/node/bin:/usr/bin:/bin");

            AssertPlan(
                new CommandPlan(
                    "/srv/tools/bin/agent",
                    ["/srv/tools/bin", "/srv/node/bin"],
                    [new CommandLink("/srv/node/bin/tinynode", "../versions/1.0/tinynode")],
                    ["/srv/tools/bin/agent", "/srv/node/versions/1.0/tinynode"]),
                plan);
        }

        [Fact]
        public void Plan_a_command_of_the_system_folders_needs_nothing() =>
            Assert.True(Plan("git", new FakeHostFiles().Executable("/usr/bin/git")).IsEmpty);

        [Fact]
        public void Plan_a_command_under_opt_is_found_and_only_put_on_PATH() =>
            AssertPlan(new CommandPlan("/opt/agent/bin/agent", ["/opt/agent/bin"], [], []), Plan("agent", new FakeHostFiles().Executable("/opt/agent/bin/agent")));

        [Theory]
        [InlineData("./agent")]
        [InlineData("/usr/bin/agent")]
        [InlineData("bin/agent")]
        public void Plan_a_path_is_a_path_inside_the_sandbox_and_is_not_resolved(string command) =>
            Assert.Same(CommandPlan.None, Plan(command, new FakeHostFiles().Executable("/home/alice/proj/agent").Executable("/usr/bin/agent")));

        [Fact]
        public void Plan_an_unknown_command_needs_nothing() => Assert.Same(CommandPlan.None, Plan("nope", new FakeHostFiles()));
    }

    public sealed class Workspace_
    {
        [Theory]
        [InlineData("node_modules/.bin:/srv/bin:/usr/bin")]
        [InlineData(".:/srv/bin:/usr/bin")]
        [InlineData(":/srv/bin:/usr/bin")]
        [InlineData("/home/alice/proj/node_modules/.bin:/srv/bin:/usr/bin")]
        public void Plan_a_PATH_entry_that_is_relative_or_in_the_workspace_is_never_searched(string path)
        {
            // Given the agent wrote node_modules/.bin/claude into the workspace, and the real one is in /srv/bin
            var files = new FakeHostFiles()
                .Executable("/home/alice/proj/node_modules/.bin/claude")
                .Executable("/home/alice/proj/claude")
                .Executable("/srv/bin/claude");

            var plan = Plan("claude", files, path);

            Assert.Equal("/srv/bin/claude", plan.Executable);
            Assert.Equal(["/srv/bin/claude"], plan.Trees);
        }

        [Fact]
        public void Plan_a_version_manager_shim_is_skipped_for_the_real_binary_further_on_PATH()
        {
            var files = new FakeHostFiles()
                .File("/home/alice/.pyenv/shims/python3", "#!/usr/bin/env bash\nexec \"/home/alice/.pyenv/libexec/pyenv\" exec \"$0\" \"$@\"\n", executable: true)
                .Executable("/usr/bin/python3");

            Assert.True(Plan("python3", files, "/home/alice/.pyenv/shims:/usr/bin:/bin").IsEmpty);
        }

        [Fact]
        public void ForHost_search_is_the_PATH_then_the_usual_places()
        {
            var files = new FakeHostFiles().Directory("/opt/b").Directory("/opt/a").Directory("/home/alice/.nvm/versions/node/v18.0.0").Directory("/home/alice/.nvm/versions/node/v22.1.0");

            var search = CommandSearch.ForHost("/usr/bin:/usr/bin/:/x/../bin", Home, Workspace, files);

            Assert.Equal(
                [
                    "/usr/bin", "/bin", "/home/alice/.local/bin", "/home/alice/.npm-global/bin", "/home/alice/.npm-packages/bin", "/home/alice/.volta/bin",
                    "/home/alice/.bun/bin", "/home/alice/.deno/bin", "/home/alice/bin", "/home/alice/.nvm/versions/node/v22.1.0/bin", "/opt/a/bin", "/opt/b/bin",
                ],
                search.Directories);
        }
    }

    public sealed class LinkedWorkspace
    {
        [Fact]
        public void A_path_folder_that_reaches_the_workspace_through_a_link_is_not_searched()
        {
            // red team (redteam6): direnv's PATH_add spells the folder as the shell's cwd: ~/work/node_modules/.bin, with
            // ~/work -> ~/proj, the workspace vibedom resolved; the repository's own bin/claude, a link to a host file
            // outside the workspace, was then found and that file bound into the sandbox
            var files = new FakeHostFiles()
                .Link("/home/alice/work", "/home/alice/proj")
                .Link("/home/alice/proj/node_modules/.bin/claude", "/home/alice/other/node_modules/private-tool/cli.js")
                .File("/home/alice/other/node_modules/private-tool/cli.js", "#!/bin/sh\n", executable: true)
                .Executable("/usr/bin/claude");

            var search = CommandSearch.ForHost("/home/alice/work/node_modules/.bin:/usr/bin", Home, Workspace, files);

            Assert.DoesNotContain("/home/alice/work/node_modules/.bin", search.Directories);
            Assert.Equal("/usr/bin/claude", CommandResolver.Plan("claude", search, files).Executable);
        }
    }

    public sealed class LinkIntoWorkspace
    {
        // red team s24: a file in an ordinary host PATH folder that is a link into the workspace was resolved and run;
        // each of these planned the command on the old code (the second one was refused later, exit 2, after the session
        // was made; the others ran)
        [Theory]
        [InlineData("/home/alice/proj/bin/tool")] // the final file is the workspace's
        [InlineData("/home/alice/work/bin/tool")] // the same, spelled through a link to the workspace folder
        [InlineData("../../proj/bin/tool")] // relative
        public void Plan_a_command_that_is_a_link_to_a_file_in_the_workspace_is_refused(string target)
        {
            var files = new FakeHostFiles()
                .Link("/home/alice/work", "/home/alice/proj")
                .Link("/home/alice/.local/bin/tool", target)
                .File("/home/alice/proj/bin/tool", "#!/bin/sh\n", executable: true);

            var refused = Assert.Throws<VibedomException>(() => Plan("tool", files));

            Assert.Equal(Vibedom.Core.ExitCodes.CommandRefused, refused.ExitCode);
            Assert.Equal("tool: refusing /home/alice/.local/bin/tool: it leads into the workspace (/home/alice/proj/bin/tool), which the agent writes; install it outside the workspace, or give its path to run the workspace's copy", Assert.Single(refused.Lines));
        }

        [Fact]
        public void Plan_a_command_whose_link_chain_passes_through_the_workspace_is_refused_though_it_ends_outside()
        {
            // the workspace's link decides which host file runs as the user's command
            var files = new FakeHostFiles()
                .Link("/home/alice/.local/bin/tool", "/home/alice/proj/bin/tool")
                .Link("/home/alice/proj/bin/tool", "/srv/other/tool")
                .Executable("/srv/other/tool");

            var refused = Assert.Throws<VibedomException>(() => Plan("tool", files));

            Assert.Equal(Vibedom.Core.ExitCodes.CommandRefused, refused.ExitCode);
            Assert.Contains("(/home/alice/proj/bin/tool)", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Plan_an_interpreter_found_through_a_link_into_the_workspace_is_refused()
        {
            var files = new FakeHostFiles()
                .File("/srv/tools/bin/agent", "#!/usr/bin/env tinynode\n", executable: true)
                .Link("/srv/node/bin/tinynode", "/home/alice/proj/tinynode")
                .Executable("/home/alice/proj/tinynode");

            var refused = Assert.Throws<VibedomException>(() => Plan("agent", files, "/srv/tools/bin:/srv/node/bin:/usr/bin:/bin"));

            Assert.Equal(Vibedom.Core.ExitCodes.CommandRefused, refused.ExitCode);
            Assert.StartsWith("agent: refusing /srv/node/bin/tinynode:", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Plan_a_link_to_a_neighbour_whose_name_starts_like_the_workspace_is_planned()
        {
            var files = new FakeHostFiles()
                .Link("/home/alice/.local/bin/tool", "/home/alice/project-tools/tool")
                .Executable("/home/alice/project-tools/tool");

            Assert.Equal(["/home/alice/project-tools/tool"], Plan("tool", files).Trees);
        }
    }

    public sealed class Tree
    {
        [Theory]
        [InlineData("/p/lib/node_modules/@openai/codex/bin/codex.js", "/p/lib/node_modules/@openai/codex")]
        [InlineData("/p/lib/node_modules/opencode-ai/bin/opencode", "/p/lib/node_modules/opencode-ai")]
        [InlineData("/p/lib/node_modules/a/node_modules/b/cli.js", "/p/lib/node_modules/a")]
        [InlineData("/p/node_modules/cli.js", "/p/node_modules/cli.js")]
        [InlineData("/home/a/.local/share/claude/versions/2.1.3", "/home/a/.local/share/claude/versions/2.1.3")]
        public void Tree_is_the_top_package_folder_under_node_modules_else_the_file(string file, string tree) =>
            Assert.Equal(tree, CommandResolver.Tree(file));
    }
}
