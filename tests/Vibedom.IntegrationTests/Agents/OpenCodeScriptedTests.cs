using Vibedom.Core.Processes;
using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real OpenCode CLI (pinned, from the npm cache) run by name in a git workspace inside a real vibedom session with only
/// ANTHROPIC_API_KEY set on the host: the built-in opencode profile binds the key, allows its API, keeps its state and keeps
/// its <c>.git/opencode</c> bookkeeping out of the review. The model server stands in for api.anthropic.com.
/// </summary>
public sealed class OpenCodeScriptedTests
{
    [Fact]
    public async Task OpenCode_run_edits_land_in_the_review_without_its_bookkeeping_with_the_real_key_upstream_and_the_next_run_continues_the_conversation()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("git");
        await using var run = await AgentRun.StartAsync(AgentVersions.OpenCode, TestContext.Current.CancellationToken);
        var workspace = run.Vibedom.Workspace("proj", ("README.md", "# proj\n"));
        foreach (var git in new[] { "init -q", "-c user.name=t -c user.email=t@t add -A", "-c user.name=t -c user.email=t@t commit -qm init" })
        {
            Assert.Equal(0, (await ProcessRunner.Default.RunAsync(new ProcessSpec("git", ["-C", workspace, .. git.Split(' ')]), TestContext.Current.CancellationToken)).ExitCode);
        }

        string[] opencode = ["opencode", "run", "-m", "anthropic/claude-sonnet-4-5"];

        var first = await run.RunAsync(workspace, [.. opencode, "create and edit scripted.txt"]);
        var second = await run.RunAsync(workspace, [.. opencode, "--continue", "finish"]);

        Assert.True(first.ExitCode == 0, run.Describe(first));
        Assert.True(second.ExitCode == 0, run.Describe(second));
        var sessions = run.Sessions();
        Assert.Equal(ScriptedConversation.FinalContent, File.ReadAllText(Path.Combine(sessions[0], "changes", ScriptedConversation.FileName)));
        Assert.False(File.Exists(Path.Combine(workspace, ScriptedConversation.FileName)), "the edit reached the workspace before apply");
        var name = sessions[0][(sessions[0].LastIndexOf('/') + 1)..];
        var stat = await run.Vibedom.RunAsync(["diff", "--stat", name], input: null, workingDirectory: workspace);
        Assert.Contains(ScriptedConversation.FileName, stat.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(".git/opencode", stat.StandardOutput, StringComparison.Ordinal);
        // the .git/objects files its snapshots freshen are byte-identical copies in changes/, not edits: the review shows only the scripted one
        Assert.Contains("1 path changed", stat.StandardOutput, StringComparison.Ordinal);
        TestContext.Current.SendDiagnosticMessage($"opencode changes: {string.Join(", ", Directory.GetFileSystemEntries(Path.Combine(sessions[0], "changes"), "*", SearchOption.AllDirectories))}");

        var messages = run.Models.Requests.Where(r => r.Path.StartsWith("/v1/messages", StringComparison.Ordinal)).ToList();
        Assert.All(messages, r => Assert.DoesNotContain("[REDACTED_", r.Body, StringComparison.Ordinal)); // DLP leaves the agent's own requests as they were
        Assert.NotEmpty(messages);
        Assert.All(messages, r => Assert.Equal(run.Key, r.Header("x-api-key")));
        foreach (var file in Directory.EnumerateFiles(run.Vibedom.Home, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length < (16 << 20)))
        {
            Assert.DoesNotContain(run.Key, File.ReadAllText(file), StringComparison.Ordinal);
        }

        foreach (var session in sessions)
        {
            var log = AgentRun.NetworkLog(session);
            Assert.Contains(log, l => l.Host == "api.anthropic.com" && l.Allowed && l.Reason.StartsWith("agent profile opencode", StringComparison.Ordinal));
            Assert.All(log.Where(l => l.Allowed), l => Assert.Equal("api.anthropic.com", l.Host));
        }

        // its plugin install was tried and denied (the test's allowlist has no registry; its "plugins" switch is off): it went on
        Assert.Contains(sessions.SelectMany(AgentRun.NetworkLog), l => l.Host == "registry.npmjs.org" && !l.Allowed);
        TestContext.Current.SendDiagnosticMessage($"opencode network: {string.Join("; ", sessions.SelectMany(AgentRun.NetworkLog).Select(l => $"{l.Host} {l.Allowed}"))}");
        var state = Path.Combine(run.Vibedom.Home, "agents", "opencode");
        Assert.NotEmpty(Directory.GetFileSystemEntries(Path.Combine(state, ".local", "share", "opencode")));
        // `--continue` in the second session found the first session's conversation in the kept state and sent it on
        Assert.Contains(messages, r => r.Body.Contains("\"finish\"", StringComparison.Ordinal) && r.Body.Contains("create and edit scripted.txt", StringComparison.Ordinal));
    }
}
