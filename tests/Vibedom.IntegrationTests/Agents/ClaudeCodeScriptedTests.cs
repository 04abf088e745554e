using System.Text.Json;
using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The real Claude Code CLI (pinned, from the npm cache) run by name inside a real vibedom sandbox, reaching the scripted model
/// server as api.anthropic.com through the proxy (<c>[network.hosts]</c> and <c>upstream_ca</c>, test plumbing only); the API
/// key comes in through <c>[run] env</c> for now (the agent profiles will bind it as a credential instead).
/// </summary>
public sealed class ClaudeCodeScriptedTests
{
    [Fact]
    public async Task Claude_print_mode_makes_the_scripted_edit_and_it_lands_in_the_review_not_the_workspace()
    {
        Prerequisite.RequireCommand("bwrap");
        var prefix = await AgentInstall.EnsureAsync(AgentVersions.ClaudeCode, TestContext.Current.CancellationToken);
        await using var models = new ScriptedModelServer();
        await models.InitializeAsync();
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.AppendAllText(Path.Combine(vibedom.Home, "trusted_domains.txt"), "\napi.anthropic.com\n");
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"""
            [run]
            env = ["ANTHROPIC_API_KEY", "DISABLE_AUTOUPDATER", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "DISABLE_ERROR_REPORTING", "DISABLE_TELEMETRY"]
            [network]
            upstream_ca = ["{models.CaPemPath}"]
            allow_private = ["127.0.0.1/32"]
            [network.hosts]
            "api.anthropic.com" = "127.0.0.1:{models.HttpsPort}"
            """);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var key = "sk-ant-" + "api03-" + new string('k', 40) + "-scripted";
        var environment = vibedom.Environment();
        environment["PATH"] = $"{prefix}/bin:{environment["PATH"]}";
        environment["ANTHROPIC_API_KEY"] = key;
        environment["DISABLE_AUTOUPDATER"] = "1";
        environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        environment["DISABLE_ERROR_REPORTING"] = "1";
        environment["DISABLE_TELEMETRY"] = "1";

        var result = await vibedom.RunAsync(
            ["run", workspace, "--yes", "--", "claude", "-p", "--dangerously-skip-permissions", "--output-format", "text", "create and edit scripted.txt"],
            input: string.Empty, environment: environment, timeout: TimeSpan.FromMinutes(3));

        var requests = string.Join('\n', models.Requests.Select(r => $"{r.Method} {r.Host}{r.Path}"));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}\nrequests:\n{requests}");
        Assert.Contains(ScriptedConversation.FinalText, result.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, ScriptedConversation.FileName)), "the edit reached the workspace before apply");
        var session = Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Single();
        Assert.Equal(ScriptedConversation.FinalContent, File.ReadAllText(Path.Combine(session, "changes", ScriptedConversation.FileName)));
        var messages = models.Requests.Where(r => r.Path == "/v1/messages").ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, r => Assert.Equal(key, r.Header("x-api-key")));
        var log = File.ReadAllLines(Path.Combine(session, "network.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(log, l => l.ToString().Contains("api.anthropic.com", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage($"claude requests:\n{requests}\nnetwork.jsonl:\n{string.Join('\n', log)}");
    }
}
