using System.Net.WebSockets;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// The opening handshake's headers both ways, through the real relay: the client's through the request transforms,
/// the upstream's 101 through the response side's checks (DLP per <c>[dlp] responses</c>, then a bound credential's
/// echo back to its sentinel, as an HTTP response's headers) before the client sees them.
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
        // no DLP: the swap alone (with DLP on, a value a rule knows by shape arrives redacted, as in an HTTP response)
        var credential = ProxyCredential.Create("CODEX_API_KEY", TestCredentials.OpenAiKey(), [UpstreamServer.Name]);
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Credentials = [credential] });
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
    public async Task The_101_s_headers_arrive_scrubbed_swapped_and_recorded_as_an_http_response_s_headers_do()
    {
        Prerequisite.RequireCommand("curl");
        // requests in log mode: the values reach the upstream, which answers them in its headers (the 101's and /reflect's)
        var credential = ProxyCredential.Create("CODEX_API_KEY", TestCredentials.OpenAiKey(), [UpstreamServer.Name], headers: ["x-reflect-x-auth"]);
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n",
            adjust: o => o with { Dlp = new DlpSettings { Secrets = DlpMode.Log }, Credentials = [credential] });
        var pat = TestSecrets.GitHubPat;
        (string Name, string Value)[] sent =
        [
            ("X-Leak", "token " + pat), // DLP
            ("X-Auth", "Bearer " + credential.Sentinel), // the upstream gets and echoes the real value, which a rule knows by shape
            ("Set-Cookie", $"session={pat}; Path=/"), // the cookie's value relayed and recorded
            (pat, "1"), // a name holding a value: dropped
        ];

        var curl = await proxy.CurlAsync(["-D", "-", "-o", "/dev/null", "--http1.1", .. sent.SelectMany(h => new[] { "-H", $"x-reflect-{h.Name}: {h.Value}" }), $"https://{UpstreamServer.Name}/reflect"]);
        using var socket = await ConnectAsync(proxy, Url($"/ws/{Guid.NewGuid():N}"), o =>
        {
            o.CollectHttpResponseDetails = true;
            foreach (var (name, value) in sent)
            {
                o.SetRequestHeader("x-reflect-" + name, value);
            }
        });
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var http = curl.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r').Split(": ", 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].ToLowerInvariant()).ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p[1])));
        var webSocket = socket.HttpResponseHeaders!.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        foreach (var name in sent.Select(h => h.Name.ToLowerInvariant()))
        {
            Assert.Equal(http.GetValueOrDefault(name), webSocket.GetValueOrDefault(name));
        }

        Assert.StartsWith("token [REDACTED_", webSocket["x-leak"], StringComparison.Ordinal);
        Assert.StartsWith("Bearer [REDACTED_", webSocket["x-auth"], StringComparison.Ordinal);
        Assert.Equal($"session={pat}; Path=/", webSocket["set-cookie"]);
        Assert.False(webSocket.ContainsKey(pat.ToLowerInvariant()));
        var lines = await proxy.LogLinesAsync(2);
        Assert.Equal(Found(lines.Single(l => l.Status == 200)), Found(lines.Single(l => l.Status == 101)));
        Assert.Equal(["response-header-name", "response-header:set-cookie", "response-header:x-auth", "response-header:x-leak"],
            Found(lines.Single(l => l.Status == 101)).Select(s => s.Where).Distinct());
        var log = File.ReadAllText(proxy.NetworkLogPath);
        Assert.DoesNotContain(pat, log, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Value, log, StringComparison.Ordinal);

        // a name's hash is left out: the proxy fetches /reflect over HTTP/2 (names in lower case), the 101 over HTTP/1.1
        static List<ScrubbedItem> Found(NetworkLogEntry line) =>
            [.. line.Scrubbed.Where(s => s.Where.StartsWith("response-", StringComparison.Ordinal))
                .Select(s => s.Where.EndsWith("-name", StringComparison.Ordinal) ? s with { Hash = string.Empty } : s)
                .OrderBy(s => s.Where, StringComparer.Ordinal).ThenBy(s => s.Rule, StringComparer.Ordinal)];
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
