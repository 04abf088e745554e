using System.Net.WebSockets;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// The opening handshake's headers both ways, through the real relay: the client's through the request transforms,
/// the upstream's 101 through the response side's checks (DLP per <c>[dlp] responses</c>, a bound credential's echo
/// back to its sentinel) before the client sees them.
/// </summary>
public sealed class WebSocketHandshakeTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private static string Url(string path) => $"wss://{UpstreamServer.Name}{path}";

    [Fact]
    public async Task A_secret_in_a_header_of_the_101_reaches_the_client_redacted_and_is_recorded_without_its_value()
    {
        // requests in log mode: the value reaches the upstream, which answers it in its 101
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Dlp = new DlpSettings { Secrets = DlpMode.Log } });
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, Url($"/ws/{Guid.NewGuid():N}"), o =>
        {
            o.CollectHttpResponseDetails = true;
            o.SetRequestHeader("X-Say-In-101", "token " + pat);
        });
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var said = string.Join(",", socket.HttpResponseHeaders!["X-Said"]);
        Assert.DoesNotContain(pat, said, StringComparison.Ordinal);
        Assert.StartsWith("token [REDACTED_", said, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "response-header:x-said");
        Assert.DoesNotContain(pat, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bound_credential_echoed_in_the_101_comes_back_as_the_sentinel()
    {
        var credential = ProxyCredential.Create("CODEX_API_KEY", TestCredentials.OpenAiKey(), [UpstreamServer.Name]);
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Dlp = DlpSettings.Default, Credentials = [credential] });
        using var socket = await ConnectAsync(proxy, Url($"/ws/{Guid.NewGuid():N}"), o =>
        {
            o.CollectHttpResponseDetails = true;
            o.SetRequestHeader("Authorization", "Bearer " + credential.Sentinel);
            o.SetRequestHeader("X-Auth-In-101", "1");
        });
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        Assert.Equal("Bearer " + credential.Sentinel, string.Join(",", socket.HttpResponseHeaders!["X-Auth"]));
        Assert.Equal("Bearer " + credential.Value, upstream.Received.Last(r => r.Headers.ContainsKey("x-auth-in-101")).Headers["authorization"]);
    }

    [Fact]
    public async Task A_secret_in_a_header_of_the_upgrade_request_reaches_the_upstream_redacted()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Dlp = DlpSettings.Default });
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, Url(path), o => o.SetRequestHeader("X-Token", pat));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var handshake = Assert.Single(upstream.Received, r => r.Target == path);
        Assert.StartsWith("[REDACTED_", handshake.Headers["x-token"], StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "header:x-token");
    }
}
