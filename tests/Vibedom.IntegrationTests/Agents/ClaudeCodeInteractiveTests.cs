using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real Claude Code TUI at a real terminal (a tmux pane) inside `vibedom run`, driven by keys as a person would: it
/// renders with no onboarding or trust question (its profile pre-answered them), redraws on a resize, takes a prompt, makes
/// the scripted edit, takes Ctrl-C itself (vibedom goes on), leaves on <c>/exit</c>, and the review that follows starts on
/// a reset terminal.
/// </summary>
public sealed class ClaudeCodeInteractiveTests
{
    [Fact]
    public async Task Claude_tui_renders_without_onboarding_takes_a_prompt_and_exit_and_the_review_starts_on_a_reset_terminal()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        await using var run = await AgentRun.StartAsync(AgentVersions.ClaudeCode, TestContext.Current.CancellationToken);
        var workspace = run.Vibedom.Workspace("proj", ("README.md", "# proj\n"));
        await using var terminal = await AgentTerminal.StartAsync(run.Vibedom, run.Prefix, workspace, new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = run.Key }, "claude", "--dangerously-skip-permissions");
        var tmux = terminal.Pane;

        // the one question left is Claude Code's own, about the flag the user typed: answered by keys, as a person would
        var warning = await tmux.WaitForAsync("Yes, I accept");
        Assert.DoesNotContain("trust", warning, StringComparison.OrdinalIgnoreCase);
        await tmux.SendKeysAsync("\u001b[B");
        await tmux.SendKeysAsync("\r");
        var ready = await tmux.WaitForAsync("bypass permissions on");
        Assert.DoesNotContain("trust", ready, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Choose the text style", ready, StringComparison.Ordinal);

        // a resize reaches it (SIGWINCH through the sandbox): its input box is redrawn to the new width
        Assert.True(LongestRule(ready) > 100, "the input box spans the 160-column terminal");
        await tmux.ResizeAsync(90, 40);
        await tmux.WaitUntilAsync(screen => LongestRule(screen) is > 60 and <= 90 && screen.Contains("bypass permissions", StringComparison.Ordinal), "the input box redrawn at 90 columns");
        await tmux.SendKeysAsync("create and edit scripted.txt");
        await tmux.SendKeysAsync("\r");
        await tmux.WaitForAsync(ScriptedConversation.FinalText);

        // Ctrl-C goes to the agent, not to vibedom: Claude Code asks for a second one, and the session goes on
        await tmux.SendKeyAsync("C-c");
        await tmux.WaitForAsync("again to exit");
        await terminal.QuitAsync("/exit");

        var review = await terminal.ReviewOnAResetTerminalAsync();
        Assert.Contains(ScriptedConversation.FileName, review, StringComparison.Ordinal);
        await terminal.KeepAsync();
        var session = run.Sessions().Single();
        Assert.Equal(ScriptedConversation.FinalContent, File.ReadAllText(Path.Combine(session, "changes", ScriptedConversation.FileName)));
        Assert.False(File.Exists(Path.Combine(workspace, ScriptedConversation.FileName)));
        Assert.All(run.Models.Requests.Where(r => r.Path.StartsWith("/v1/messages", StringComparison.Ordinal)), r => Assert.Equal(run.Key, r.Header("x-api-key")));
    }

    /// <summary>The longest run of box-drawing horizontal lines on the screen (the width of Claude Code's input box).</summary>
    private static int LongestRule(string screen) =>
        screen.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Count(c => c == '\u2500')).DefaultIfEmpty(0).Max()).Max();
}
