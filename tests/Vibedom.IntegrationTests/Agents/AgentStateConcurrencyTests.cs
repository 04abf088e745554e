using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// Two sessions of one agent at once, through the real binary (a tiny shell "claude" standing in for the CLI, driven with
/// `vibedom exec`): the first holds the agent's shared state; the second works on a private copy made when it starts,
/// seeded (no onboarding question), kept in its session folder. What either agent writes while both run never reaches
/// the other (a hostile agent cannot plant hooks in the other session's settings.json), and the first keeps its data.
/// </summary>
public sealed class AgentStateConcurrencyTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_second_concurrent_session_gets_a_seeded_private_copy_and_neither_agent_sees_what_the_other_writes_meanwhile()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        ExecutableScript.Write(Path.Combine(bin, "claude"), """
            #!/bin/sh
            i=0; while [ ! -e end ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i+1)); done
            """);
        var one = vibedom.Workspace("one", ("README.md", "# one\n"));
        var two = vibedom.Workspace("two", ("README.md", "# two\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";
        environment["ANTHROPIC_API_KEY"] = "sk-ant-" + "api03-" + new string('c', 60) + "-concurrent";
        var logs = Path.Combine(vibedom.Home, "logs");

        string seenA, seenB;
        string a = string.Empty, b = string.Empty;
        ProcessResult startB;
        try
        {
            var startA = await vibedom.RunAsync(["run", one, "--yes", "--detach", "--", "claude"], input: null, workingDirectory: one, timeout: Generous, environment: environment);
            Assert.True(startA.ExitCode == 0, startA.StandardError);
            a = Directory.GetDirectories(logs, "session-*").Select(Path.GetFileName).Single()!;
            await ExecAsync(vibedom, environment, a, "echo early > \"$HOME/.claude/early\"");

            startB = await vibedom.RunAsync(["run", two, "--yes", "--detach", "--", "claude"], input: null, workingDirectory: two, timeout: Generous, environment: environment);
            Assert.True(startB.ExitCode == 0, startB.StandardError);
            b = Directory.GetDirectories(logs, "session-*").Select(Path.GetFileName).Single(id => id != a)!;

            // A, hostile, rewrites the state while B runs: a hook for B's agent, a file of its own
            await ExecAsync(vibedom, environment, a, """echo '{"hooks": {"PreToolUse": "evil"}}' > "$HOME/.claude/settings.json"; echo late > "$HOME/.claude/late" """);
            seenB = await ExecAsync(vibedom, environment, b, """
                echo "late=$(cat "$HOME/.claude/late" 2>/dev/null)"
                echo "early=$(cat "$HOME/.claude/early" 2>/dev/null)"
                echo "settings=$(tr -d ' \n' < "$HOME/.claude/settings.json")"
                echo "config=$(tr -d ' \n' < "$HOME/.claude.json")"
                echo from-b > "$HOME/.claude/from-b"
                """);
            seenA = await ExecAsync(vibedom, environment, a, "echo \"fromb=$(cat \"$HOME/.claude/from-b\" 2>/dev/null)\"");
        }
        finally
        {
            foreach (var id in new[] { a, b }.Where(id => id.Length > 0))
            {
                await vibedom.RunAsync(["exec", id, "--", "touch", "end"], input: null, timeout: Generous, environment: environment);
            }
        }

        await Poll.UntilAsync(() => Ended(logs, a) && Ended(logs, b));

        Assert.Contains("late=\n", seenB, StringComparison.Ordinal); // A's write while both run: not in B
        Assert.DoesNotContain("evil", seenB, StringComparison.Ordinal);
        Assert.Contains("settings={\"sandbox\":{\"enabled\":false}}", seenB, StringComparison.Ordinal); // B's seeds are there
        Assert.Contains("\"hasCompletedOnboarding\":true", seenB, StringComparison.Ordinal);
        Assert.Contains($"\"{two}\":{{\"hasTrustDialogAccepted\":true", seenB, StringComparison.Ordinal);
        Assert.Contains("early=early\n", seenB, StringComparison.Ordinal); // the state as it was when B started (as a next session would)
        Assert.Contains("fromb=\n", seenA, StringComparison.Ordinal); // B's write: not in A

        var shared = Path.Combine(vibedom.Home, "agents", "claude", ".claude");
        Assert.Equal("late\n", File.ReadAllText(Path.Combine(shared, "late"))); // A's data is kept
        Assert.False(File.Exists(Path.Combine(shared, "from-b")), "B's write reached the shared state");
        Assert.Equal("from-b\n", File.ReadAllText(Path.Combine(logs, b, "agent-state", ".claude", "from-b"))); // kept, in B's folder
        Assert.Contains("private copy", startB.StandardError, StringComparison.Ordinal);
    }

    private static bool Ended(string logs, string id) =>
        File.ReadAllText(Path.Combine(logs, id, "session.log")).Contains("Session host ended", StringComparison.Ordinal);

    private static async Task<string> ExecAsync(VibedomBinary vibedom, Dictionary<string, string> environment, string id, string script)
    {
        var result = await vibedom.RunAsync(["exec", id, "--", "sh", "-c", script], input: null, timeout: Generous, environment: environment);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        return result.StandardOutput;
    }
}
