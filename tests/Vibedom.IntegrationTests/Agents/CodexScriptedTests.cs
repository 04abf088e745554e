using System.Text.Json;
using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real Codex CLI (pinned, from the npm cache) run by name inside a real vibedom sandbox: <c>codex exec</c> reaches the
/// scripted model server as api.openai.com through the proxy (<c>[network.hosts]</c> and <c>upstream_ca</c>, test plumbing
/// only), first over the Responses WebSocket (relayed by the proxy, each message through DLP), set up by the built-in
/// <c>codex</c> profile alone: CODEX_API_KEY bound to api.openai.com (the sandbox holds only a sentinel), that host allowed for
/// the session, CODEX_HOME kept in ~/.vibedom/agents/codex. Its own sandbox is off (the profile seeds sandbox_mode in its
/// config.toml; no flag is passed): its bubblewrap cannot nest in
/// vibedom's. trusted_domains.txt is empty: what else Codex tries (chatgpt.com, GitHub) is denied, nothing reaches an outside host.
/// </summary>
public sealed class CodexScriptedTests
{
    [Fact]
    public async Task Codex_exec_makes_the_scripted_edit_over_the_relayed_websocket_with_the_real_key_only_upstream()
    {
        Prerequisite.RequireCommand("bwrap");
        var prefix = await AgentInstall.EnsureAsync(AgentVersions.Codex, TestContext.Current.CancellationToken);
        await using var models = new ScriptedModelServer();
        await models.InitializeAsync();
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        // nothing but the codex profile's own host (api.openai.com, allowed for its sessions only): the default list's
        // github.com would send Codex's update check out of this machine
        File.WriteAllText(Path.Combine(vibedom.Home, "trusted_domains.txt"), "# the test's: empty\n");
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"""
            [network]
            upstream_ca = ["{models.CaPemPath}"]
            allow_private = ["127.0.0.1/32"]
            [network.hosts]
            "api.openai.com" = "127.0.0.1:{models.HttpsPort}"
            """);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var key = TestCredentials.OpenAiKey();
        var environment = vibedom.Environment();
        environment["PATH"] = $"{prefix}/bin:{environment["PATH"]}";
        environment["CODEX_API_KEY"] = key;

        string[] codex = ["run", workspace, "--yes", "--", "codex", "exec", "--skip-git-repo-check"];

        var result = await vibedom.RunAsync([.. codex, "create and edit scripted.txt"], input: string.Empty, environment: environment, timeout: TimeSpan.FromMinutes(3));

        var requests = string.Join('\n', models.Requests.Select(r => $"{r.Method} {r.Host}{r.Path}"));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}\nrequests:\n{requests}");
        Assert.Contains(ScriptedConversation.FinalText, result.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, ScriptedConversation.FileName)), "the edit reached the workspace before apply");
        var session = Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Single();
        Assert.Equal(ScriptedConversation.FinalContent, File.ReadAllText(Path.Combine(session, "changes", ScriptedConversation.FileName)));
        var diff = await vibedom.RunAsync(["diff"], input: null, workingDirectory: workspace);
        Assert.Contains("+edited by the scripted model", diff.StandardOutput, StringComparison.Ordinal);

        // every model turn went over the relayed WebSocket: no failed upgrade, no retries, no fall back to HTTPS
        var turns = models.Requests.Where(r => r.Method == "WS" && r.Body.Contains("\"response.create\"", StringComparison.Ordinal)).ToList();
        Assert.All(models.Requests, r => Assert.DoesNotContain("[REDACTED_", r.Body, StringComparison.Ordinal)); // DLP leaves the agent's own requests as they were
        Assert.True(turns.Count >= 3, requests);
        Assert.DoesNotContain(models.Requests, r => r.Method == "POST" && r.Path == "/v1/responses");
        Assert.DoesNotContain("Reconnecting", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Falling back from WebSockets", result.StandardOutput + result.StandardError, StringComparison.Ordinal);

        // the real key reached the model server in the handshake; the sandbox held only the sentinel
        Assert.All(turns, r => Assert.Equal("Bearer " + key, r.Header("authorization")));
        Assert.DoesNotContain(models.Requests, r => r.Body.Contains(key, StringComparison.Ordinal));
        var log = File.ReadAllLines(Path.Combine(session, "network.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var socketLine = Assert.Single(log, l => !l.TryGetProperty("phase", out _) && l.GetProperty("host").GetString() == "api.openai.com" && l.GetProperty("status").GetInt32() == 101);
        Assert.True(socketLine.GetProperty("allowed").GetBoolean());
        Assert.Contains("credential CODEX_API_KEY sent in header authorization", socketLine.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(log, l => l.GetProperty("host").GetString() == "chatgpt.com"); // tried (about 20 times a run), and:
        Assert.All(log.Where(l => l.GetProperty("host").GetString() is "chatgpt.com" or "ab.chatgpt.com" or "github.com" or "api.github.com"),
            l => Assert.False(l.GetProperty("allowed").GetBoolean()));
        // what the profile puts in the sandbox for a command named codex: a stand-in script on PATH that prints it
        var standIn = Path.Combine(vibedom.Root, "stand-in");
        ExecutableScript.Write(Path.Combine(standIn, "codex"), "#!/bin/sh\necho \"key=$CODEX_API_KEY\"\n");
        var standInEnvironment = new Dictionary<string, string>(environment) { ["PATH"] = $"{standIn}:{environment["PATH"]}" };
        var inside = await vibedom.RunAsync(["run", workspace, "--yes", "--", "codex"], input: null, environment: standInEnvironment);
        var sentinel = inside.StandardOutput.Split('\n').Single(l => l.StartsWith("key=", StringComparison.Ordinal))["key=".Length..];
        Assert.True(sentinel.Length == key.Length && sentinel != key && sentinel.StartsWith("sk-proj-", StringComparison.Ordinal), "the sandbox holds a sentinel of the key's shape");
        var everything = string.Join('\n', Directory.EnumerateFiles(vibedom.Home, "*", SearchOption.AllDirectories)
            .Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(key, everything + result.StandardOutput + result.StandardError, StringComparison.Ordinal);

        // a second run finds the first one's state: its session is in the kept CODEX_HOME, and `resume --last` continues it
        var state = Path.Combine(vibedom.Home, "agents", "codex", ".codex");
        var firstSessions = Directory.GetFiles(Path.Combine(state, "sessions"), "rollout-*.jsonl", SearchOption.AllDirectories);
        Assert.Single(firstSessions);
        var again = await vibedom.RunAsync([.. codex, "resume", "--last", "finish"], input: string.Empty, environment: environment, timeout: TimeSpan.FromMinutes(3));
        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}\n{again.StandardOutput}\n{again.StandardError}");
        var resumed = models.Requests.Where(r => r.Method == "WS").Last(r => r.Body.Contains("\"finish\"", StringComparison.Ordinal)).Body;
        Assert.Contains("create and edit scripted.txt", resumed, StringComparison.Ordinal); // the first run's conversation, read from the state
        TestContext.Current.SendDiagnosticMessage($"codex requests:\n{requests}\nnetwork.jsonl:\n{string.Join('\n', log)}");
    }
}
