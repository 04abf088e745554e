using Vibedom.Core.Processes;
using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real Codex TUI (pinned, from the npm cache) at a real terminal (a tmux pane) inside `vibedom run` on a git workspace,
/// with only OPENAI_API_KEY set on the host (what an OpenAI user has; the profile binds it as Codex's CODEX_API_KEY),
/// driven by keys as a person would: its profile pre-answers what a new user would meet (the sign-in screen: auth.json
/// holds the session's sentinel; "Trust this folder?": the workspace is trusted in its config.toml), so it opens at its
/// prompt; a prompt leads to the scripted edit in the review (not in the workspace), a resize reaches it, Ctrl-C goes to it
/// (its draft is cleared, vibedom goes on), <c>/quit</c> ends it, and the review starts on a reset terminal. The model
/// server stands in for api.openai.com; nothing else is allowed.
/// </summary>
public sealed class CodexInteractiveTests
{
    private const string Ready = "Ask Codex to do anything";

    /// <summary>For its start and for a turn: a bound for a slow machine, not a timing claim.</summary>
    private static readonly TimeSpan Turn = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Codex_tui_opens_at_its_prompt_in_a_git_workspace_makes_the_edit_and_quits_into_the_review_on_a_reset_terminal()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        Prerequisite.RequireCommand("git");
        await using var run = await AgentRun.StartAsync(AgentVersions.Codex, TestContext.Current.CancellationToken);
        File.WriteAllText(Path.Combine(run.Vibedom.Home, "trusted_domains.txt"), "# the test's: empty (Codex's update check would reach github.com)\n");
        var workspace = await GitWorkspaceAsync(run.Vibedom);
        var key = TestCredentials.OpenAiKey();
        await using var terminal = await AgentTerminal.StartAsync(run.Vibedom, run.Prefix, workspace, new Dictionary<string, string> { ["OPENAI_API_KEY"] = key }, "codex");

        // its prompt box shows while it still starts, and a prompt sent then is lost (measured: it stays in the history,
        // unanswered); the footer names the model and the folder once it is ready
        var opened = await terminal.Pane.WaitForAsync($"default · {workspace}", Turn);
        Assert.DoesNotContain("Sign in", opened, StringComparison.Ordinal);
        Assert.DoesNotContain("Trust this folder", opened, StringComparison.Ordinal);
        await terminal.Pane.SendKeysAsync("create and edit scripted.txt");
        await terminal.Pane.SendKeysAsync("\r");
        await terminal.Pane.WaitForAsync(ScriptedConversation.FinalText, Turn);
        await terminal.Pane.WaitForAsync(Ready);

        await terminal.ResizeRedrawsAndCtrlCReachesTheAgentAsync(Ready);
        await terminal.QuitAsync("/quit");

        var review = await terminal.ReviewOnAResetTerminalAsync();
        Assert.Contains(ScriptedConversation.FileName, review, StringComparison.Ordinal);
        await terminal.KeepAsync();
        var session = run.Sessions().Single();
        Assert.Equal(ScriptedConversation.FinalContent, File.ReadAllText(Path.Combine(session, "changes", ScriptedConversation.FileName)));
        Assert.False(File.Exists(Path.Combine(workspace, ScriptedConversation.FileName)), "the edit reached the workspace before apply");
        var stat = await run.Vibedom.RunAsync(["diff", "--stat", Path.GetFileName(session)], input: null, workingDirectory: workspace);
        Assert.Contains(ScriptedConversation.FileName, stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 path changed", stat.StandardOutput, StringComparison.Ordinal);

        // the real key reached the model server (the sentinel in auth.json was swapped by the proxy); it is nowhere on disk
        var turns = run.Models.Requests.Where(r => r.Path == "/v1/responses" && r.Header("authorization") is not null).ToList();
        Assert.NotEmpty(turns);
        Assert.All(turns, r => Assert.Equal("Bearer " + key, r.Header("authorization")));
        // (its state also holds a socket, app-server-control.sock, and a link, packages/app-server-daemon/current: not files to read)
        foreach (var file in Directory.EnumerateFiles(run.Vibedom.Home, "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f) is { LinkTarget: null, Length: < (16 << 20) } && !f.EndsWith(".sock", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(key, File.ReadAllText(file), StringComparison.Ordinal);
        }

        var auth = File.ReadAllText(Path.Combine(run.Vibedom.Home, "agents", "codex", ".codex", "auth.json"));
        Assert.Contains("\"OPENAI_API_KEY\": \"sk-proj-", auth, StringComparison.Ordinal); // the session's sentinel
    }

    /// <summary>A workspace that is a git repository with one commit: where Codex asks "Trust this folder?".</summary>
    internal static async Task<string> GitWorkspaceAsync(VibedomBinary vibedom)
    {
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        foreach (var git in new[] { "init -q", "-c user.name=t -c user.email=t@t add -A", "-c user.name=t -c user.email=t@t commit -qm init" })
        {
            Assert.Equal(0, (await ProcessRunner.Default.RunAsync(new ProcessSpec("git", ["-C", workspace, .. git.Split(' ')]), TestContext.Current.CancellationToken)).ExitCode);
        }

        return workspace;
    }
}
