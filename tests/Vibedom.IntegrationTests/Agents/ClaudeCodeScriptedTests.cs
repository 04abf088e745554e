using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real Claude Code CLI (pinned, from the npm cache) run by name inside a real vibedom session with only
/// ANTHROPIC_API_KEY set on the host: the built-in claude profile binds the key (sentinel inside), allows its API for the
/// session, keeps its state and pre-answers its onboarding. The model server stands in for api.anthropic.com.
/// </summary>
public sealed class ClaudeCodeScriptedTests
{
    [Fact]
    public async Task Claude_print_mode_edits_land_in_the_review_with_the_real_key_sent_upstream_and_the_next_run_continues_the_conversation()
    {
        Prerequisite.RequireCommand("bwrap");
        await using var run = await AgentRun.StartAsync(AgentVersions.ClaudeCode, TestContext.Current.CancellationToken);
        var workspace = run.Vibedom.Workspace("proj", ("README.md", "# proj\n"));
        string[] claude = ["claude", "-p", "--dangerously-skip-permissions", "--output-format", "text"];

        var first = await run.RunAsync(workspace, [.. claude, "create and edit scripted.txt"]);
        var second = await run.RunAsync(workspace, [.. claude, "--continue", "finish"]);

        Assert.True(first.ExitCode == 0, run.Describe(first));
        Assert.True(second.ExitCode == 0, run.Describe(second));
        Assert.Contains(ScriptedConversation.FinalText, first.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, ScriptedConversation.FileName)), "the edit reached the workspace before apply");
        var sessions = run.Sessions();
        Assert.Equal(ScriptedConversation.FinalContent, File.ReadAllText(Path.Combine(sessions[0], "changes", ScriptedConversation.FileName)));
        var diff = await run.Vibedom.RunAsync(["diff", sessions[0][(sessions[0].LastIndexOf('/') + 1)..]], input: null, workingDirectory: workspace);
        Assert.Contains("+edited by the scripted model", diff.StandardOutput, StringComparison.Ordinal);

        // the real key went upstream on every model call; the sandbox only ever held the sentinel
        var messages = run.Models.Requests.Where(r => r.Path.StartsWith("/v1/messages", StringComparison.Ordinal)).ToList();
        Assert.True(messages.Count >= 4, run.Describe(second));
        Assert.All(messages, r => Assert.Equal(run.Key, r.Header("x-api-key")));
        // DLP leaves the agent's own requests as they were: its tool definitions tell the model to sign commits
        // `Co-Authored-By: Claude <noreply@anthropic.com>`, which came out [REDACTED_EMAIL] (and into its commits)
        Assert.All(messages, r => Assert.DoesNotContain("[REDACTED_", r.Body, StringComparison.Ordinal));
        Assert.Contains(messages, r => r.Body.Contains("noreply@anthropic.com", StringComparison.Ordinal));
        foreach (var file in Directory.EnumerateFiles(run.Vibedom.Home, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length < (16 << 20)))
        {
            Assert.DoesNotContain(run.Key, File.ReadAllText(file), StringComparison.Ordinal);
        }

        // the profile allowed its API for these sessions (trusted_domains.txt has no api.anthropic.com here); nothing else was let out
        foreach (var session in sessions)
        {
            var log = AgentRun.NetworkLog(session);
            Assert.Contains(log, l => l.Host == "api.anthropic.com" && l.Allowed && l.Reason.StartsWith("agent profile claude", StringComparison.Ordinal));
            Assert.All(log.Where(l => l.Allowed), l => Assert.Equal("api.anthropic.com", l.Host));
        }

        // state: kept in ~/.vibedom/agents/claude, onboarding answered, and the second run found the first's
        var state = Path.Combine(run.Vibedom.Home, "agents", "claude");
        var config = File.ReadAllText(Path.Combine(state, ".claude.json"));
        Assert.Contains("\"hasCompletedOnboarding\": true", config, StringComparison.Ordinal);
        Assert.Contains($"\"{workspace}\"", config, StringComparison.Ordinal);
        Assert.Contains(Directory.GetFileSystemEntries(Path.Combine(state, ".claude")), e => !e.EndsWith("settings.json", StringComparison.Ordinal));
        // `--continue` in the second session found the first session's conversation in the kept ~/.claude and sent it on
        Assert.Contains(ScriptedConversation.FinalText, second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(messages, r => r.Body.Contains("\"finish\"", StringComparison.Ordinal) && r.Body.Contains("create and edit scripted.txt", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(sessions[1], "changes", ".claude")), "state leaked into the review");
        TestContext.Current.SendDiagnosticMessage($"claude state: {string.Join(", ", Directory.GetFileSystemEntries(Path.Combine(state, ".claude")))}");
    }
}
