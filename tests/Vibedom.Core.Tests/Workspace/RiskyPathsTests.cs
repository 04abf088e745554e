using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class RiskyPathsTests
{
    private static WorkspaceChange Added(string path, string? content = null, TempDirectory? temp = null)
    {
        var file = content is null ? "/dev/null" : temp!.Write("after/" + path, content);
        return new WorkspaceChange(path, ChangeKind.Added, null, new EntryState(EntryType.File, (UnixFileMode)0b110_100_100, 0, null, file));
    }

    public sealed class Reason
    {
        [Theory]
        [InlineData(".git/hooks/pre-commit")]
        [InlineData(".git/config")]
        [InlineData(".gitmodules")]
        [InlineData(".husky/pre-push")]
        [InlineData(".github/workflows/ci.yml")]
        [InlineData(".vscode/tasks.json")]
        [InlineData(".envrc")]
        [InlineData("Makefile")]
        [InlineData("tools/GNUmakefile")]
        [InlineData(".bashrc")]
        [InlineData("home/.zshrc")]
        [InlineData(".profile")]
        [InlineData("vendor/lib/.git/hooks/post-checkout")]
        [InlineData("vendor/lib/.git/config")]
        [InlineData("sub/.gitmodules")]
        [InlineData("sub/.envrc")]
        [InlineData("web/.husky/pre-commit")]
        [InlineData("web/.github/workflows/ci.yml")]
        [InlineData("web/.vscode/tasks.json")]
        [InlineData(".git/HEAD")]
        [InlineData(".git/info/attributes")]
        [InlineData("x/.git/hooks/pre-commit.sample")]
        [InlineData(".git/modules/lib/config")]
        [InlineData(".git/modules/lib/hooks/post-checkout")]
        [InlineData(".GIT/hooks/pre-commit")]
        [InlineData(".Git/Config")]
        [InlineData("Sub/.GitModules")]
        [InlineData(".gitlab-ci.yml")]
        [InlineData(".devcontainer/devcontainer.json")]
        [InlineData("app/.devcontainer/Dockerfile")]
        [InlineData(".npmrc")]
        [InlineData(".yarnrc.yml")]
        [InlineData(".pre-commit-config.yaml")]
        [InlineData(".cargo/config.toml")]
        [InlineData(".vscode/launch.json")]
        [InlineData(".VSCode/Tasks.json")]
        [InlineData(".idea/runConfigurations/App.xml")]
        [InlineData(".mcp.json")]
        [InlineData(".cursor/mcp.json")]
        [InlineData(".vscode/mcp.json")]
        [InlineData(".claude/settings.json")]
        [InlineData(".claude/settings.local.json")]
        [InlineData(".codex/config.toml")]
        [InlineData("opencode.json")]
        [InlineData(".hg/hgrc")]
        [InlineData("MAKEFILE")]
        [InlineData(".gitleaksignore")]
        [InlineData("sub/.vibedomignore")]
        [InlineData(".devcontainer.json")]
        [InlineData(".gitea/workflows/ci.yml")]
        [InlineData(".forgejo/workflows/ci.yml")]
        [InlineData("proj.code-workspace")]
        [InlineData(".run/Build.run.xml")]
        [InlineData(".pnpmfile.cjs")]
        [InlineData("Directory.Build.targets")]
        [InlineData("src/Directory.Build.props")]
        [InlineData(".gitlab/ci/jobs.yml")]
        [InlineData(".drone.yml")]
        [InlineData(".woodpecker/build.yml")]
        [InlineData(".buildkite/pipeline.yml")]
        [InlineData("appveyor.yml")]
        [InlineData(".cirrus.yml")]
        [InlineData("tests/conftest.py")]
        [InlineData(".pdbrc")]
        [InlineData(".gdbinit")]
        [InlineData(".exrc")]
        [InlineData(".nvim.lua")]
        [InlineData("CLAUDE.md")]
        [InlineData("docs/AGENTS.md")]
        [InlineData(".github/copilot-instructions.md")]
        [InlineData(".cursor/rules/x.mdc")]
        public void Flags_paths_that_run_code_later(string path) => Assert.NotNull(RiskyPaths.Reason(Added(path)));

        [Theory]
        [InlineData("src/main.c")]
        [InlineData(".github/CODEOWNERS")]
        [InlineData("docs/Makefile.md")]
        [InlineData("docs/git/config")]
        [InlineData("my.git/config")]
        [InlineData(".github/dependabot.yml")]
        [InlineData(".claude/commands/review.md")]
        [InlineData("src/mcp.json")]
        public void Does_not_flag_ordinary_paths(string path) => Assert.Null(RiskyPaths.Reason(Added(path)));

        [Fact]
        public void Flags_package_json_only_when_its_scripts_changed()
        {
            using var temp = new TempDirectory();
            var before = temp.Write("before/package.json", """{ "name": "a", "version": "1.0.0", "scripts": { "test": "jest" } }""");
            var sameScripts = temp.Write("same/package.json", """{ "name": "a", "version": "2.0.0", "scripts": { "test": "jest" } }""");
            var newScript = temp.Write("new/package.json", """{ "name": "a", "scripts": { "test": "jest", "postinstall": "sh x" } }""");
            var old = new EntryState(EntryType.File, (UnixFileMode)0b110_100_100, 0, null, before);

            Assert.Null(RiskyPaths.Reason(new WorkspaceChange("package.json", ChangeKind.Modified, old, old with { ContentPath = sameScripts }) { ContentChanged = true }));
            Assert.NotNull(RiskyPaths.Reason(new WorkspaceChange("package.json", ChangeKind.Modified, old, old with { ContentPath = newScript }) { ContentChanged = true }));
            Assert.NotNull(RiskyPaths.Reason(Added("web/package.json", """{ "scripts": { "prepare": "sh x" } }""", temp)));
            Assert.Null(RiskyPaths.Reason(Added("lib/package.json", """{ "name": "lib" }""", temp)));
        }

        [Theory]
        [InlineData("a/link", "/etc/passwd", true)]
        [InlineData("a/link", "../../outside", true)]
        [InlineData("a/link", "../inside/x", false)]
        [InlineData("link", "a/b", false)]
        public void Flags_symlinks_out_of_the_workspace(string path, string target, bool flagged)
        {
            var change = new WorkspaceChange(path, ChangeKind.Added, null, new EntryState(EntryType.Symlink, (UnixFileMode)0b111_111_111, 0, target, "/dev/null"));
            Assert.Equal(flagged, RiskyPaths.Reason(change) is not null);
        }

        [Fact]
        public void Flags_a_new_setuid_bit()
        {
            var before = new EntryState(EntryType.File, (UnixFileMode)0b111_101_101, 0, null, "/dev/null");
            var change = new WorkspaceChange("bin/tool", ChangeKind.Modified, before, before with { Mode = before.Mode | UnixFileMode.SetUser }) { ModeChanged = true };
            Assert.Equal("setuid/setgid bit: would run with the owner's rights; never applied (vibedom strips it)", RiskyPaths.Reason(change));
        }

        [Theory]
        [InlineData(EntryType.File, "a .git file (gitdir: pointer): git uses the repository it names, with its config and hooks")]
        [InlineData(EntryType.Symlink, "symlink named .git: git uses the repository it points to, with its config and hooks")]
        [InlineData(EntryType.Directory, "git repository: git reads its config and runs its hooks")]
        public void Flags_a_git_entry_of_any_type(EntryType type, string reason)
        {
            var change = new WorkspaceChange("vendor/lib/.git", ChangeKind.Added, null, new EntryState(type, (UnixFileMode)0b111_101_101, 0, type == EntryType.Symlink ? "inside" : null, "/dev/null"));
            Assert.Equal(reason, RiskyPaths.Reason(change));
        }

        [Theory]
        [InlineData(0b110_100_100, 0b110_110_110, "world-writable: any user of this machine can change it")]
        [InlineData(0b111_101_101, 0b111_111_111, "world-writable: any user of this machine can change it")]
        [InlineData(0b110_100_100, 0b001_110_100_100, "sticky bit on a file: never applied (vibedom strips it)")]
        [InlineData(0b111_101_101, 0b010_111_101_101, "setuid/setgid bit: would run with the owner's rights; never applied (vibedom strips it)")]
        [InlineData(0b110_110_110, 0b110_110_110, null)]
        public void Flags_modes_that_hand_a_file_to_others(int before, int after, string? reason)
        {
            var old = new EntryState(EntryType.File, (UnixFileMode)before, 0, null, "/dev/null");
            var change = new WorkspaceChange("notes.txt", ChangeKind.Modified, old, old with { Mode = (UnixFileMode)after }) { ModeChanged = before != after };
            Assert.Equal(reason, RiskyPaths.Reason(change));
        }

        [Fact]
        public void Flags_a_mode_change_of_the_git_hooks_folder()
        {
            var old = new EntryState(EntryType.Directory, (UnixFileMode)0b111_101_101, 0, null, "/dev/null");
            var change = new WorkspaceChange(".git/hooks", ChangeKind.Modified, old, old with { Mode = (UnixFileMode)0b111_111_101 }) { ModeChanged = true };
            Assert.NotNull(RiskyPaths.Reason(change));
        }
    }
}
