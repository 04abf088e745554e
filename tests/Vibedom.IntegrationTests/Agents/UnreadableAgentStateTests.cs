using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// An agent's state that the user running vibedom cannot read (a folder of mode 000, a seeded JSON or TOML state file of
/// mode 000), as an ORDINARY user (uid 65534: no capability reads past the mode, as root's would): the run stops before
/// any sandbox with one line naming the path and the configuration exit code (2), never a stack trace, and what the
/// state held is kept. Tiny shell "claude" and "codex" stand in for the CLIs.
/// </summary>
public sealed class UnreadableAgentStateTests
{
    [Theory]
    [InlineData("claude", "")]
    [InlineData("claude", ".claude")]
    [InlineData("claude", ".claude.json")]
    [InlineData("claude", ".claude/settings.json")]
    [InlineData("codex", ".codex/config.toml")]
    public async Task A_state_path_of_mode_000_stops_an_ordinary_users_run_with_one_line_and_exit_2(string agent, string relative)
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.Require(Prerequisite.IsRoot, "needs root to become uid 65534");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        ExecutableScript.Write(Path.Combine(bin, agent), "#!/bin/sh\necho ran > ran.txt\n");
        var state = Path.Combine(vibedom.Home, "agents", agent);
        var files = new[] { ".claude.json", ".claude/settings.json", ".codex/config.toml" }.Select(f => Path.Combine(state, f)).ToList();
        files.ForEach(f => Directory.CreateDirectory(Path.GetDirectoryName(f)!));
        files.ForEach(f => File.WriteAllText(f, f.EndsWith(".toml", StringComparison.Ordinal) ? "kept = true\n" : "{\"kept\": true}"));
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var before = files.ToDictionary(f => f, File.ReadAllText);
        await vibedom.GiveToNobodyAsync();
        var locked = Path.Combine(state, relative);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";
        environment["ANTHROPIC_API_KEY"] = "sk-ant-" + "api03-" + new string('u', 60) + "-unreadable";
        environment["CODEX_API_KEY"] = "sk-" + "proj-" + new string('u', 60);

        var result = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--", agent], workspace, environment);

        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"vibedom: agent state {locked.TrimEnd('/')} cannot be ", line, StringComparison.Ordinal);
        Assert.Contains("Permission denied", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, "ran.txt")));
        if (before.TryGetValue(locked, out var content))
        {
            Assert.Equal(content, File.ReadAllText(locked)); // the refused file itself: as it was
        }

        Assert.All(files, f => Assert.Matches("\"?kept\"? ?[=:] true", File.ReadAllText(f))); // a seed before the refused path may have merged into its file
    }
}
