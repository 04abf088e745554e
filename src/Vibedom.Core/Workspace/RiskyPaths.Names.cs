namespace Vibedom.Core.Workspace;

/// <summary>The names git and tools read (all lower case; paths are lower-cased before matching).</summary>
public static partial class RiskyPaths
{
    private static readonly string[] ShellRcFiles =
    [
        ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout",
        ".kshrc", ".cshrc", ".tcshrc", ".inputrc", ".vimrc",
    ];

    /// <summary>Names that instruct the next coding agent, which acts with your rights.</summary>
    private static readonly string[] AgentInstructions =
    [
        "claude.md", "claude.local.md", "agents.md", "agent.md", "gemini.md", ".cursorrules", ".windsurfrules", ".clinerules",
    ];

    /// <summary>Name endings (any folder) of files that tools run from.</summary>
    private static readonly Dictionary<string, string> Suffixes = new(StringComparer.Ordinal)
    {
        [".code-workspace"] = "VS Code workspace: tasks that run on open, settings naming programs",
        [".run.xml"] = "JetBrains run configuration: runs from the IDE",
    };

    /// <summary>File names that run code wherever they are.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [".gitmodules"] = "git submodules: fetch and may run code on clone or update",
        [".gitconfig"] = "git config (when this folder is a home): can set hooks, aliases, filters and ssh commands",
        [".envrc"] = "direnv: runs when you enter the directory",
        [".gitleaksignore"] = "secret-scan ignore list: silences vibedom's and gitleaks' scans of later sessions",
        [".vibedomignore"] = "secret-scan ignore list: silences vibedom's and gitleaks' scans of later sessions",
        [".devcontainer.json"] = "dev container: your editor builds and runs it",
        [".drone.yml"] = "CI pipeline: runs on the next push",
        [".woodpecker.yml"] = "CI pipeline: runs on the next push",
        [".woodpecker.yaml"] = "CI pipeline: runs on the next push",
        ["appveyor.yml"] = "CI pipeline: runs on the next push",
        [".appveyor.yml"] = "CI pipeline: runs on the next push",
        [".cirrus.yml"] = "CI pipeline: runs on the next push",
        [".cirrus.star"] = "CI pipeline: runs on the next push",
        ["directory.build.props"] = "MSBuild: imported by every build and IDE design-time build below it",
        ["directory.build.targets"] = "MSBuild: imported by every build and IDE design-time build below it",
        ["directory.build.rsp"] = "MSBuild: options of every build below it",
        ["directory.packages.props"] = "MSBuild: imported by every build below it",
        ["directory.solution.props"] = "MSBuild: imported by every solution build below it",
        ["directory.solution.targets"] = "MSBuild: imported by every solution build below it",
        [".pnpmfile.cjs"] = "pnpm hooks: run on the next pnpm install",
        [".pnpmfile.mjs"] = "pnpm hooks: run on the next pnpm install",
        ["conftest.py"] = "pytest: runs on the next pytest below it",
        [".pdbrc"] = "pdb start-up file: runs in the next debugger session",
        [".pdbrc.py"] = "pdb start-up file: runs in the next debugger session",
        [".gdbinit"] = "gdb start-up file: runs in the next gdb session",
        [".lldbinit"] = "lldb start-up file: runs in the next lldb session",
        [".exrc"] = "vim/neovim local config (exrc): runs when the editor opens here",
        [".nvimrc"] = "vim/neovim local config (exrc): runs when the editor opens here",
        [".nvim.lua"] = "vim/neovim local config (exrc): runs when the editor opens here",
        ["taskfile.yml"] = "Taskfile: runs on the next task",
        ["taskfile.yaml"] = "Taskfile: runs on the next task",
        ["rakefile"] = "Rakefile: runs on the next rake",
        ["makefile"] = "Makefile: runs on the next make",
        ["gnumakefile"] = "Makefile: runs on the next make",
        ["justfile"] = "justfile: runs on the next just",
        [".gitlab-ci.yml"] = "CI pipeline: runs on the next push",
        [".travis.yml"] = "CI pipeline: runs on the next push",
        ["bitbucket-pipelines.yml"] = "CI pipeline: runs on the next push",
        ["azure-pipelines.yml"] = "CI pipeline: runs on the next push",
        ["jenkinsfile"] = "CI pipeline: runs on the next push",
        [".npmrc"] = "npm config: can run scripts, change the registry and the node binary used",
        [".yarnrc"] = "yarn config: can change the yarn binary and the registry",
        [".yarnrc.yml"] = "yarn config: can change the yarn binary (yarnPath), plugins and the registry",
        [".pre-commit-config.yaml"] = "pre-commit hooks: run on the next commit",
        ["lefthook.yml"] = "lefthook git hooks: run on the next git command",
        [".lefthook.yml"] = "lefthook git hooks: run on the next git command",
        ["mise.toml"] = "mise config: tasks and hooks run when you enter the directory",
        [".mise.toml"] = "mise config: tasks and hooks run when you enter the directory",
        [".mcp.json"] = "MCP server config: your agent starts these commands",
        ["opencode.json"] = "opencode config: MCP servers and commands it starts",
        ["opencode.jsonc"] = "opencode config: MCP servers and commands it starts",
    };

    /// <summary>Paths (at any depth) that tools read as config or tasks.</summary>
    private static readonly Dictionary<string, string> Tails = new(StringComparer.Ordinal)
    {
        [".vscode/tasks.json"] = "VS Code tasks: can run on folder open",
        [".vscode/launch.json"] = "VS Code launch config: runs on the next debug start",
        [".vscode/settings.json"] = "VS Code settings: can name the programs the editor runs",
        [".vscode/mcp.json"] = "MCP server config: your agent starts these commands",
        [".cursor/mcp.json"] = "MCP server config: your agent starts these commands",
        [".roo/mcp.json"] = "MCP server config: your agent starts these commands",
        [".amazonq/mcp.json"] = "MCP server config: your agent starts these commands",
        [".kiro/settings/mcp.json"] = "MCP server config: your agent starts these commands",
        [".claude/settings.json"] = "Claude Code settings: hooks and MCP servers it runs",
        [".claude/settings.local.json"] = "Claude Code settings: hooks and MCP servers it runs",
        [".codex/config.toml"] = "Codex config: MCP servers and commands it runs",
        [".gemini/settings.json"] = "Gemini CLI settings: MCP servers and commands it runs",
        [".continue/config.json"] = "Continue config: MCP servers and commands it runs",
        [".continue/config.yaml"] = "Continue config: MCP servers and commands it runs",
        [".zed/tasks.json"] = "Zed tasks: run from the editor",
        [".zed/settings.json"] = "Zed settings: can name the programs the editor runs",
        [".idea/workspace.xml"] = "JetBrains workspace: holds run configurations",
        [".cargo/config.toml"] = "cargo config: can set the linker, runners and build commands",
        [".cargo/config"] = "cargo config: can set the linker, runners and build commands",
        [".mvn/extensions.xml"] = "Maven extensions: run on the next build",
        [".mvn/wrapper/maven-wrapper.properties"] = "Maven wrapper: downloads and runs the build tool it names",
        ["gradle/wrapper/gradle-wrapper.properties"] = "Gradle wrapper: downloads and runs the build tool it names",
        [".github/copilot-instructions.md"] = "instructions to the next coding agent: it acts on them with your rights",
        [".hg/hgrc"] = "Mercurial config: can set hooks",
        [".config/fish/config.fish"] = "shell start-up file",
        [".config/git/config"] = "git config (when this folder is a home): can set hooks, aliases, filters and ssh commands",
    };

    /// <summary>Folders (at any depth) whose whole content runs or configures running code.</summary>
    private static readonly Dictionary<string, string> Folders = new(StringComparer.Ordinal)
    {
        [".husky"] = "husky git hook: runs on the next git command",
        [".github/workflows"] = "CI workflow: runs on the next push",
        [".github/actions"] = "CI action: runs in the next workflow",
        [".circleci"] = "CI pipeline: runs on the next push",
        [".gitea/workflows"] = "CI workflow: runs on the next push",
        [".gitea/actions"] = "CI action: runs in the next workflow",
        [".forgejo/workflows"] = "CI workflow: runs on the next push",
        [".forgejo/actions"] = "CI action: runs in the next workflow",
        [".gitlab/ci"] = "CI pipeline part: included by .gitlab-ci.yml, runs on the next push",
        [".woodpecker"] = "CI pipeline: runs on the next push",
        [".buildkite"] = "CI pipeline: runs on the next push",
        [".run"] = "JetBrains run configuration: runs from the IDE",
        [".cursor/rules"] = "instructions to the next coding agent: it acts on them with your rights",
        [".clinerules"] = "instructions to the next coding agent: it acts on them with your rights",
        [".claude/agents"] = "Claude Code subagents: instructions and tools the next agent runs",
        [".claude/hooks"] = "Claude Code hooks: run by the next agent session",
        [".devcontainer"] = "dev container: your editor builds and runs it",
        [".idea/runconfigurations"] = "JetBrains run configuration: runs from the IDE",
    };

    /// <summary>Anything under any <c>.git</c> (git reads all of it), and a <c>.git</c> file or symlink (it names the repository).</summary>
    private static string? GitReason(string path, EntryType type)
    {
        var segments = path.Split('/');
        var git = Array.IndexOf(segments, ".git");
        if (git < 0)
        {
            return null;
        }

        if (git == segments.Length - 1)
        {
            return type switch
            {
                EntryType.Directory => "git repository: git reads its config and runs its hooks",
                EntryType.Symlink => "symlink named .git: git uses the repository it points to, with its config and hooks",
                _ => "a .git file (gitdir: pointer): git uses the repository it names, with its config and hooks",
            };
        }

        var inner = segments[(git + 1)..];
        if (inner.Contains("hooks"))
        {
            return "git hook: runs on the next git command";
        }

        return inner[^1] == "config"
            ? "git config: can set hooksPath, aliases, filters and ssh commands"
            : "inside .git: git reads it on your next git command";
    }

    private static string? NameReason(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (Names.TryGetValue(name, out var reason))
        {
            return reason;
        }

        if (ShellRcFiles.Contains(name))
        {
            return "shell start-up file";
        }

        if (AgentInstructions.Contains(name))
        {
            return "instructions to the next coding agent: it acts on them with your rights";
        }

        foreach (var (suffix, why) in Suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return why;
            }
        }

        foreach (var (tail, why) in Tails)
        {
            if (IsAtAnyDepth(path, tail))
            {
                return why;
            }
        }

        foreach (var (folder, why) in Folders)
        {
            if (UnderAnyDepth(path, folder))
            {
                return why;
            }
        }

        return null;
    }
}
