using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team (redteam2): what a hostile agent leaves in its persistent state folder (~/.vibedom/agents/NAME/, bound
/// writable, kept across sessions), through the real binary in a real sandbox. These claims FAIL on the code as merged.
/// </summary>
public sealed class AgentStateAttackTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_file_the_agent_marks_setuid_in_its_state_is_not_kept_setuid_on_the_host()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        WriteScript(Path.Combine(bin, "claude"), """
            #!/bin/sh
            cp /bin/sh "$HOME/.claude/rootsh" && chmod 6755 "$HOME/.claude/rootsh"
            stat -c '%u %a' "$HOME/.claude/rootsh" > inside.txt 2>&1
            """);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "claude"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);

        Assert.True(run.ExitCode == 0, run.StandardError + run.StandardOutput);
        var planted = Path.Combine(vibedom.Home, "agents", "claude", ".claude", "rootsh");
        Assert.True(File.Exists(planted), "the agent's file is in its state on the host");
        var mode = File.GetUnixFileMode(planted);
        Assert.False(
            (mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0,
            $"the agent left a set-id executable on the host: {planted} mode {Convert.ToString((int)mode, 8)} (vibedom ran as {Environment.UserName}: the file is stored as that user)");
    }

    private static void WriteScript(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}
