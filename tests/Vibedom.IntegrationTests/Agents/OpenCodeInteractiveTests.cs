using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real OpenCode TUI (pinned, from the npm cache) at a real terminal (a tmux pane) inside `vibedom run` on a git
/// workspace, with only ANTHROPIC_API_KEY set on the host, driven by keys as a person would: it opens at its prompt (it asks
/// nothing first), a prompt leads to the scripted edit in the review (and nothing of its own bookkeeping), a resize reaches
/// it, Ctrl-C goes to it (its draft is cleared, vibedom goes on), <c>/exit</c> ends it, and the review starts on a reset
/// terminal. The model server stands in for api.anthropic.com.
/// </summary>
public sealed class OpenCodeInteractiveTests
{
    private const string Ready = "ctrl+p commands";

    /// <summary>OpenCode's start on this shared 2-core machine took up to 3 minutes (a bound, not a timing claim).</summary>
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task OpenCode_tui_opens_at_its_prompt_makes_the_edit_and_exits_into_a_review_of_only_that_edit_on_a_reset_terminal()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        Prerequisite.RequireCommand("git");
        await using var run = await AgentRun.StartAsync(AgentVersions.OpenCode, TestContext.Current.CancellationToken);
        var workspace = await CodexInteractiveTests.GitWorkspaceAsync(run.Vibedom);
        await using var terminal = await AgentTerminal.StartAsync(run.Vibedom, run.Prefix, workspace, new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = run.Key }, "opencode", "-m", "anthropic/claude-sonnet-4-5");

        await terminal.Pane.WaitForAsync("Ask anything", Start);
        await terminal.Pane.SendKeysAsync("create and edit scripted.txt");
        await terminal.Pane.SendKeysAsync("\r");
        await terminal.Pane.WaitUntilAsync(s => s.Contains("sed -i", StringComparison.Ordinal) && s.Split('\n').Count(l => l.Contains(ScriptedConversation.FinalText, StringComparison.Ordinal)) >= 1 && !s.Contains("esc interrupt", StringComparison.Ordinal), "the scripted edit made and the turn over", Start);

        await terminal.ResizeRedrawsAndCtrlCReachesTheAgentAsync(Ready);
        await terminal.QuitAsync("/exit");

        var review = await terminal.ReviewOnAResetTerminalAsync();
        Assert.Contains(ScriptedConversation.FileName, review, StringComparison.Ordinal);
        Assert.Contains("1 path changed", review, StringComparison.Ordinal);
        await terminal.KeepAsync();
        var session = run.Sessions().Single();
        Assert.Equal(ScriptedConversation.FinalContent, File.ReadAllText(Path.Combine(session, "changes", ScriptedConversation.FileName)));
        Assert.False(File.Exists(Path.Combine(workspace, ScriptedConversation.FileName)), "the edit reached the workspace before apply");
        var stat = await run.Vibedom.RunAsync(["diff", "--stat", Path.GetFileName(session)], input: null, workingDirectory: workspace);
        Assert.Contains(ScriptedConversation.FileName, stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 path changed", stat.StandardOutput, StringComparison.Ordinal);
        var messages = run.Models.Requests.Where(r => r.Path.StartsWith("/v1/messages", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, r => Assert.Equal(run.Key, r.Header("x-api-key")));
    }
}
