using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>Everything the policy refuses: a 403/421 with a one-line reason, the rule header, one audit line.</summary>
public sealed class DenialTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "upstream.test\n";

    [Fact]
    public async Task Unlisted_host_over_https_gets_403_with_rule_header()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);

        var result = await proxy.CurlAsync("-v", "-w", "%{http_connect}", $"https://{UpstreamServer.OtherName}/hello");

        Assert.Equal("403", result.StandardOutput);
        Assert.Contains("< X-Vibedom-Denied: allowlist", result.StandardError, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("CONNECT", "other.test:443", "other.test", 443, false, 403, NetworkLogEntry.TlsNone),
            (line.Method, line.Url, line.Host, line.Port, line.Allowed, line.Status, line.Tls));
        Assert.Equal("other.test:443 is not in trusted_domains.txt", line.Reason);
    }

    [Fact]
    public async Task Unlisted_host_over_http_gets_403_with_rule_header_and_reason_body()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false);

        var result = await proxy.CurlAsync("-i", $"http://{UpstreamServer.OtherName}/hello?q=1");

        Assert.StartsWith("HTTP/1.1 403 Forbidden", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("X-Vibedom-Denied: allowlist", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nvibedom: other.test:80 is not in trusted_domains.txt\n", result.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("GET", "http://other.test/hello?q=[REDACTED]", false, 403), (line.Method, line.Url, line.Allowed, line.Status));
    }

    [Fact]
    public async Task Host_header_differing_from_connect_host_is_refused_with_421()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\nother.test\n");

        var result = await proxy.CurlAsync("-i", "-H", "Host: other.test", $"https://{UpstreamServer.Name}/hello");

        Assert.Contains("421", result.StandardOutput.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("x-vibedom-denied: same-name", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 421, "Host 'other.test' differs from CONNECT host 'upstream.test'"), (line.Allowed, line.Status, line.Reason));
    }

    [Fact]
    public async Task Sni_differing_from_connect_host_is_refused_with_421()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\nother.test\n");

        // CONNECT goes to upstream.test while SNI and Host say other.test (domain fronting); -k because
        // the minted leaf names the CONNECT host, as it should
        var result = await proxy.CurlAsync("-k", "-i", "--connect-to", $"{UpstreamServer.OtherName}:443:{UpstreamServer.Name}:443", $"https://{UpstreamServer.OtherName}/hello");

        Assert.Contains("421", result.StandardOutput.Split('\n')[0], StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 421, "TLS SNI 'other.test' differs from CONNECT host 'upstream.test'"), (line.Allowed, line.Status, line.Reason));
    }

    [Fact]
    public async Task Allowed_name_resolving_to_loopback_is_refused_without_allow_private()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, allowLoopback: false);

        var result = await proxy.CurlAsync("-v", "-w", "%{http_connect}", $"https://{UpstreamServer.Name}/hello");

        Assert.Equal("403", result.StandardOutput);
        Assert.Contains("< X-Vibedom-Denied: private-address", result.StandardError, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, "upstream.test resolves to 127.0.0.1 (loopback), which allow_private does not list"), (line.Allowed, line.Reason));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("[::1]")]
    [InlineData("[64:ff9b::7f00:1]")] // red team s24: through a NAT64 gateway, loopback (was forwarded)
    [InlineData("[64:ff9b::a9fe:a9fe]")] // the metadata service
    public async Task Listed_loopback_ip_literal_is_still_refused_without_allow_private(string address)
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, address + "\n", allowLoopback: false, https: false);

        var result = await proxy.CurlAsync("-i", $"http://{address}/latest/meta-data/");

        Assert.StartsWith("HTTP/1.1 403", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("X-Vibedom-Denied: private-address", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Assert.Single(await proxy.LogLinesAsync(1)).Allowed);
    }

    [Fact]
    public async Task Upstream_certificate_from_an_untrusted_ca_is_rejected_and_reported()
    {
        Prerequisite.RequireCommand("curl");
        var diagnostics = new RecordingDiagnostics();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with { UpstreamCaFiles = [], Diagnostics = diagnostics });

        var result = await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", $"https://{UpstreamServer.Name}/hello");

        Assert.Equal("502", result.StandardOutput);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((true, 502), (line.Allowed, line.Status));
        Assert.Contains("forward-error: Request", line.Reason, StringComparison.Ordinal);
        var reported = await diagnostics.WaitForAsync(5008);
        Assert.Equal("WARN", reported.LevelName);
        Assert.StartsWith("upstream TLS with https://upstream.test:443 failed, the request got 502: forward-error: Request", reported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_refuse_mode_a_webSocket_upgrade_gets_426_so_clients_fall_back_to_http_at_once()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist,
            adjust: o => o with { Dlp = Vibedom.Proxy.Dlp.DlpSettings.Default with { WebSockets = Vibedom.Proxy.WebSockets.WebSocketMode.Refuse } });

        var result = await proxy.CurlAsync("--http1.1", "-i", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
            "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", $"https://{UpstreamServer.Name}/ws"); // gitleaks:allow (the RFC 6455 sample nonce, not a secret)

        Assert.StartsWith("HTTP/1.1 426", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("X-Vibedom-Denied: websocket", result.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 426, "WebSocket upgrades are refused ([dlp] websockets = \"refuse\"); use plain HTTP"), (line.Allowed, line.Status, line.Reason));
    }

    [Fact]
    public async Task A_spdy_upgrade_is_refused_and_an_upstream_that_would_switch_never_sees_it()
    {
        Prerequisite.RequireCommand("curl");
        using var switching = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        switching.Start();
        var port = ((System.Net.IPEndPoint)switching.LocalEndpoint).Port;
        var seen = Task.Run(async () =>
        {
            using var peer = await switching.AcceptTcpClientAsync();
            var stream = peer.GetStream();
            var buffer = new byte[4096];
            var n = await stream.ReadAsync(buffer);
            await stream.WriteAsync("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n"u8.ToArray());
            return n;
        }, TestContext.Current.CancellationToken);
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "spdy.test\n",
            adjust: o => o with { Hosts = new Dictionary<string, string>(o.Hosts) { ["spdy.test"] = $"127.0.0.1:{port}" } });

        var result = await proxy.CurlAsync("--http1.1", "-i", "--max-time", "5", "-H", "Connection: Upgrade", "-H", "Upgrade: SPDY/3.1", "http://spdy.test/stream");

        Assert.StartsWith("HTTP/1.1 403", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"X-Vibedom-Denied: {WebSocketStage.UpgradeRule}", result.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 403), (line.Allowed, line.Status));
        Assert.StartsWith("protocol upgrades are refused", line.Reason, StringComparison.Ordinal);
        Assert.False(switching.Pending() || seen.IsCompleted); // nothing connected: the upstream never saw the request
    }

    [Fact]
    public async Task Origin_form_request_without_tunnel_is_rejected()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);

        var result = await Tool.RunAsync("curl", ["-sS", "-i", proxy.ProxyUrl + "/hello"]);

        Assert.StartsWith("HTTP/1.1 400", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Assert.Single(await proxy.LogLinesAsync(1)).Allowed);
    }
}
