using Vibedom.IntegrationTests.Network;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.IntegrationTests.WebSockets;

/// <summary>
/// Issue 11 item 7 in a real sandbox: a raw RFC 6455 client in Python's standard library (<c>ws_client.py</c>: CONNECT,
/// TLS, the upgrade offering permessage-deflate, masked and fragmented frames, a secret split across two messages) through the real proxy of
/// <c>vibedom run</c> to the real Kestrel WebSocket upstream on loopback.
/// </summary>
public sealed class WebSocketSandboxTests
{
    [Fact]
    public async Task A_python_client_inside_gets_its_echo_its_secrets_split_across_fragments_and_messages_redacted_the_sentinel_swapped_only_in_the_handshake_and_1009_when_oversized()
    {
        Prerequisite.RequireCommand("python3");
        await using var s = await ProxiedSession.StartAsync();
        File.AppendAllText(Path.Combine(s.Vibedom.Home, "config.toml"), $"""

            [[credentials]]
            env = "CODEX_API_KEY"
            hosts = ["{UpstreamServer.Name}"]
            """);
        var key = TestCredentials.PlainKey(); // its echo comes back as the sentinel; one a rule knows arrives redacted, as over HTTP
        var environment = s.Vibedom.Environment();
        environment["CODEX_API_KEY"] = key;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "WebSockets", "ws_client.py"), Path.Combine(s.Workspace, "ws_client.py"));
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;

        var result = await s.Vibedom.RunAsync(
            ["run", s.Workspace, "--yes", "--", "python3", "ws_client.py", UpstreamServer.Name, $"{s.Upstream.HttpsPort}", path, pat[..15], pat[15..]],
            input: null, environment: environment);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal(["status=101", "echo=hello", "split=redacted", "auth=sentinel", "across=redacted", "oversized=8:1009", "unlisted=403"],
            result.StandardOutput.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[a-z]+=")));
        var handshake = Assert.Single(s.Upstream.Received, r => r.Target == path);
        Assert.Equal("Bearer " + key, handshake.Headers["authorization"]);
        Assert.False(handshake.Headers.ContainsKey("sec-websocket-extensions"));
        var texts = s.Upstream.WebSocketMessages.Where(m => m.Target == path && m.Kind == "text").Select(m => m.Text).ToList();
        Assert.Equal(5, texts.Count);
        Assert.DoesNotContain(texts, t => t.Contains(pat, StringComparison.Ordinal) || t.Contains(key, StringComparison.Ordinal));
        var line = Assert.Single(s.NetworkLog(), l => l.GetProperty("url").GetString()!.Contains(path, StringComparison.Ordinal));
        Assert.Equal(101, line.GetProperty("status").GetInt32());
        Assert.Contains("websocket closed (1009)", line.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("websocket: 5 message(s) up, 5 down", line.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(line.GetProperty("scrubbed").EnumerateArray(), i => i.GetProperty("where").GetString() == "websocket-text");
        Assert.Contains(line.GetProperty("scrubbed").EnumerateArray(), i => i.GetProperty("where").GetString() == "websocket-text-split");
        var written = Directory.EnumerateFiles(s.Vibedom.Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/changes/", StringComparison.Ordinal) && !f.Contains("/applied/", StringComparison.Ordinal))
            .Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f)));
        Assert.All(written, text => Assert.False(text.Contains(pat, StringComparison.Ordinal) || text.Contains(key, StringComparison.Ordinal)));
    }
}
