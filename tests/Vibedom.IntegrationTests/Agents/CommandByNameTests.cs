using Vibedom.Core;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// `vibedom run WS -- NAME` through the real binary: the command is resolved on the host's PATH and runs inside by the same
/// name, with its package tree and interpreter shown read-only at the same paths and nothing else of the home folder.
/// </summary>
public sealed class CommandByNameTests
{
    [Fact]
    public async Task A_cli_installed_in_an_npm_prefix_on_PATH_runs_by_name_with_its_package_and_interpreter_and_nothing_else_of_home()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("npm");
        using var vibedom = new VibedomBinary();
        var userHome = vibedom.Environment()["HOME"];
        File.WriteAllText(Path.Combine(userHome, "private-notes.txt"), "not for the agent\n");
        var prefix = Path.Combine(userHome, ".npm-global");
        await InstallTinyCliAsync(vibedom.Root, prefix);
        var tools = TinyNode(vibedom.Root);

        // the agent wrote an impostor into the workspace, and the user's PATH names that folder relatively first
        var workspace = vibedom.Workspace("proj");
        ExecutableScript.Write(Path.Combine(workspace, "node_modules/.bin/tinycli"), "#!/bin/sh\necho WORKSPACE-IMPOSTOR\n");
        var environment = vibedom.Environment();
        environment["PATH"] = $"node_modules/.bin:{prefix}/bin:{tools}/bin:{environment["PATH"]}";

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "tinycli", "hello"], input: null, workingDirectory: workspace, environment: environment);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("tinycli says hello with its own helper", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"via tinynode 1.0 at {tools}/bin/tinynode", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"PATH={prefix}/bin:{tools}/bin:/usr/local/sbin", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("home holds: .npm-global", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("npm-global holds: bin,lib", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("WORKSPACE-IMPOSTOR", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_claude_code_from_a_cached_npm_prefix_runs_by_name()
    {
        Prerequisite.RequireCommand("bwrap");
        var prefix = await AgentInstall.EnsureAsync(AgentVersions.ClaudeCode, TestContext.Current.CancellationToken);
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{prefix}/bin:{environment["PATH"]}";

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "claude", "--version"], input: null, environment: environment);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains($"{AgentVersions.ClaudeCode.Version} (Claude Code)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_claude_code_laid_out_as_its_native_installer_does_runs_by_name_from_local_bin()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("ln");
        var prefix = await AgentInstall.EnsureAsync(AgentVersions.ClaudeCode, TestContext.Current.CancellationToken);
        using var vibedom = new VibedomBinary();
        var userHome = vibedom.Environment()["HOME"];

        // the native installer: ~/.local/bin/claude -> ~/.local/share/claude/versions/VERSION, one self-contained binary
        // (the npm package's claude.exe is that same binary: linked here, not copied, it is 400 MB)
        var versioned = Path.Combine(userHome, ".local", "share", "claude", "versions", AgentVersions.ClaudeCode.Version);
        Directory.CreateDirectory(Path.GetDirectoryName(versioned)!);
        var binary = File.ResolveLinkTarget(Path.Combine(prefix, "bin", "claude"), returnFinalTarget: true)!.FullName;
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("ln", [binary, versioned]), TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(userHome, ".local", "bin"));
        File.CreateSymbolicLink(Path.Combine(userHome, ".local", "bin", "claude"), versioned);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{userHome}/.local/bin:{environment["PATH"]}";

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "claude", "--version"], input: null, environment: environment);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains($"{AgentVersions.ClaudeCode.Version} (Claude Code)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_command_whose_link_leads_through_the_workspace_is_refused_before_any_session()
    {
        // red team s24: ~/.local/bin/tool -> WS/bin/tool -> a host file: the workspace's link (the agent's, once applied)
        // chose what ran as the user's command; the old binary ran it (exit 0)
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var userHome = vibedom.Environment()["HOME"];
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var elsewhere = Path.Combine(vibedom.Root, "elsewhere", "tool");
        ExecutableScript.Write(elsewhere, "#!/bin/sh\necho RAN-WHAT-THE-WORKSPACE-CHOSE\n");
        Directory.CreateDirectory(Path.Combine(workspace, "bin"));
        File.CreateSymbolicLink(Path.Combine(workspace, "bin", "tool"), elsewhere);
        Directory.CreateDirectory(Path.Combine(userHome, ".local", "bin"));
        File.CreateSymbolicLink(Path.Combine(userHome, ".local", "bin", "tool"), Path.Combine(workspace, "bin", "tool"));

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "tool"], input: null);

        Assert.True(result.ExitCode == ExitCodes.CommandRefused, result.StandardError + result.StandardOutput);
        Assert.Equal(
            $"vibedom: tool: refusing {userHome}/.local/bin/tool: it leads into the workspace ({workspace}/bin/tool), which the agent writes; install it outside the workspace, or give its path to run the workspace's copy\n",
            result.StandardError);
        Assert.DoesNotContain("RAN-WHAT-THE-WORKSPACE-CHOSE", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(vibedom.Home, "logs")) && Directory.EnumerateFileSystemEntries(Path.Combine(vibedom.Home, "logs")).Any(), "no session is made");
    }

    /// <summary>A package made here, packed and installed with `npm i -g --prefix` exactly as a user installs an agent.</summary>
    private static async Task InstallTinyCliAsync(string root, string prefix)
    {
        var package = Path.Combine(root, "tinycli-src");
        Directory.CreateDirectory(Path.Combine(package, "bin"));
        Directory.CreateDirectory(Path.Combine(package, "lib"));
        File.WriteAllText(Path.Combine(package, "package.json"), """{ "name": "tinycli", "version": "1.0.0", "bin": { "tinycli": "bin/cli.js" } }""");
        File.WriteAllText(Path.Combine(package, "lib", "helper.js"), "module.exports = 'with its own helper';\n");
        File.WriteAllText(Path.Combine(package, "bin", "cli.js"), """
            #!/usr/bin/env tinynode
            const fs = require('fs'), os = require('os');
            console.log(`tinycli says ${process.argv[2]} ${require('../lib/helper.js')}`);
            console.log(`via ${process.env.TINYNODE}`);
            console.log(`PATH=${process.env.PATH}`);
            console.log(`home holds: ${fs.readdirSync(os.homedir()).sort().join(',')}`);
            console.log(`npm-global holds: ${fs.readdirSync(os.homedir() + '/.npm-global').sort().join(',')}`);
            """.Replace("            ", string.Empty, StringComparison.Ordinal));
        File.SetUnixFileMode(Path.Combine(package, "bin", "cli.js"), (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string> { ["HOME"] = root, ["npm_config_cache"] = Path.Combine(root, "npm-cache") };
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("npm", ["pack", "--silent"]) { WorkingDirectory = package, Environment = env });
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("npm", ["install", "--global", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, Path.Combine(package, "tinycli-1.0.0.tgz")]) { Environment = env });
    }

    /// <summary>An interpreter reached through a link into a versioned folder, outside the home folder: TOOLS/bin/tinynode -> ../versions/1.0/tinynode.</summary>
    private static string TinyNode(string root)
    {
        var tools = Path.Combine(root, "tools");
        Directory.CreateDirectory(Path.Combine(tools, "bin"));
        ExecutableScript.Write(Path.Combine(tools, "versions", "1.0", "tinynode"), "#!/bin/sh\nTINYNODE=\"tinynode 1.0 at $0\" exec node \"$@\"\n");
        File.CreateSymbolicLink(Path.Combine(tools, "bin", "tinynode"), "../versions/1.0/tinynode");
        return tools;
    }
}
