using System.Text.Json;
using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real Codex CLI (pinned, from the npm cache) run by name inside a real vibedom sandbox: <c>codex exec</c> reaches the
/// scripted model server as api.openai.com through the proxy (<c>[network.hosts]</c> and <c>upstream_ca</c>, test plumbing
/// only), first over the Responses WebSocket (relayed by the proxy, each message through DLP), its key bound as a
/// <c>[[credentials]]</c> entry so that the sandbox holds only a sentinel. Its own sandbox is off (the flag): its bubblewrap
/// cannot nest in vibedom's. The allowlist is the test's own (api.openai.com only): what else Codex tries (chatgpt.com,
/// GitHub) is denied, and nothing reaches an outside host.
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
        File.WriteAllText(Path.Combine(vibedom.Home, "trusted_domains.txt"), "api.openai.com\n");
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"""
            [[credentials]]
            env = "CODEX_API_KEY"
            hosts = ["api.openai.com"]
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

        var result = await vibedom.RunAsync(
            ["run", workspace, "--yes", "--", "codex", "exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "create and edit scripted.txt"],
            input: string.Empty, environment: environment, timeout: TimeSpan.FromMinutes(3));

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
        Assert.All(log.Where(l => l.GetProperty("host").GetString() is "chatgpt.com" or "ab.chatgpt.com" or "github.com" or "api.github.com"),
            l => Assert.False(l.GetProperty("allowed").GetBoolean()));
        var inside = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo \"key=$CODEX_API_KEY\""], input: null, environment: environment);
        var sentinel = inside.StandardOutput.Split('\n').Single(l => l.StartsWith("key=", StringComparison.Ordinal))["key=".Length..];
        Assert.True(sentinel.Length == key.Length && sentinel != key && sentinel.StartsWith("sk-proj-", StringComparison.Ordinal), "the sandbox holds a sentinel of the key's shape");
        var everything = string.Join('\n', Directory.EnumerateFiles(vibedom.Home, "*", SearchOption.AllDirectories)
            .Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(key, everything + result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        TestContext.Current.SendDiagnosticMessage($"codex requests:\n{requests}\nnetwork.jsonl:\n{string.Join('\n', log)}");
    }
}
