using System.Security.Cryptography;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>Allowed traffic: bodies intact both ways, h1 and h2, and exactly one audit line per request.</summary>
public sealed class ForwardingTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "# test allowlist\nupstream.test\n";

    [Fact]
    public async Task Allowed_https_request_arrives_with_body_intact()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        var body = proxy.Directory.Combine("body.bin");
        await File.WriteAllBytesAsync(body, RandomNumberGenerator.GetBytes(3 * 1024 * 1024), TestContext.Current.CancellationToken);
        var received = proxy.Directory.Combine("received.bin");

        var result = await proxy.CurlAsync("--data-binary", "@" + body, "-o", received, "-w", "%{http_code}", $"https://{UpstreamServer.Name}/echo");

        Assert.Equal("200", result.StandardOutput);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(body)), SHA256.HashData(File.ReadAllBytes(received)));
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("POST", "https://upstream.test/echo", "upstream.test", 443, true, 200, NetworkLogEntry.TlsIntercepted),
            (line.Method, line.Url, line.Host, line.Port, line.Allowed, line.Status, line.Tls));
        Assert.Equal(3 * 1024 * 1024, line.BytesOut);
        Assert.Equal(3 * 1024 * 1024, line.BytesIn);
        Assert.StartsWith("allowlist: upstream.test", line.Reason, StringComparison.Ordinal);
        Assert.Empty(line.Scrubbed);
    }

    [Fact]
    public async Task Allowed_plain_http_request_arrives_with_body_intact()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false);

        var result = await proxy.CurlAsync("--data-binary", "ping-over-http", "-w", "\n%{http_code}", $"http://{UpstreamServer.Name}/echo");

        Assert.Equal("ping-over-http\n200", result.StandardOutput);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("POST", "http://upstream.test/echo", 80, true, 200, NetworkLogEntry.TlsNone, 14L, 14L),
            (line.Method, line.Url, line.Port, line.Allowed, line.Status, line.Tls, line.BytesOut, line.BytesIn));
    }

    [Fact]
    public async Task Http2_is_served_inside_the_intercepted_tunnel()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);

        var result = await proxy.CurlAsync("--http2", "-w", "%{http_version}", $"https://{UpstreamServer.Name}/hello");

        Assert.Equal("hello from upstream over HTTP/2\n2", result.StandardOutput);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("GET", "https://upstream.test/hello", true, 200, NetworkLogEntry.TlsIntercepted), (line.Method, line.Url, line.Allowed, line.Status, line.Tls));
    }

    [Fact]
    public async Task Http2_trailers_pass_through_for_grpc()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        using var client = StreamingTests.Client(proxy);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"https://{UpstreamServer.Name}/trailers")
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal((System.Net.HttpVersion.Version20, "payload"), (response.Version, body));
        Assert.Equal(["0"], response.TrailingHeaders.GetValues("grpc-status"));
        Assert.Equal(["done"], response.TrailingHeaders.GetValues("grpc-message"));
    }

    [Fact]
    public async Task Plain_http_inside_a_connect_tunnel_is_proxied_and_logged()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false);

        var result = await proxy.CurlAsync("--proxytunnel", "-w", "\n%{http_code}", $"http://{UpstreamServer.Name}/hello");

        Assert.Equal("hello from upstream over HTTP/1.1\n\n200", result.StandardOutput);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("GET", "http://upstream.test/hello", true, NetworkLogEntry.TlsNone), (line.Method, line.Url, line.Allowed, line.Tls));
    }

    [Fact]
    public async Task Keep_alive_reuses_one_tunnel_and_logs_each_request()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);

        var result = await proxy.CurlAsync("--http1.1", "-w", "%{num_connects}\n",
            $"https://{UpstreamServer.Name}/hello", $"https://{UpstreamServer.Name}/hello?n=2", $"https://{UpstreamServer.Name}/hello?n=3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["1", "0", "0"], result.StandardOutput.Split('\n').Where(l => l.Length == 1).ToArray());
        var lines = await proxy.LogLinesAsync(3);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(NetworkLogEntry.TlsIntercepted, l.Tls));
    }

    [Fact]
    public async Task Query_values_and_credentials_never_reach_the_log()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        var secret = TestSecrets.GitHubPat;

        var result = await proxy.CurlAsync("-H", "Authorization: Bearer " + secret, "-H", "Cookie: session=" + secret,
            "-w", "%{http_code}", "-o", "/dev/null", $"https://{UpstreamServer.Name}/hello?token={secret}&flag");

        Assert.Equal("200", result.StandardOutput);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal("https://upstream.test/hello?token=[REDACTED]&[REDACTED]", line.Url);
        Assert.DoesNotContain(secret, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_headers_are_not_forwarded_upstream()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false);

        var result = await proxy.CurlAsync("-U", "user:pass", "-H", "Proxy-Connection: keep-alive", $"http://{UpstreamServer.Name}/headers");

        Assert.DoesNotContain("Proxy-", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("X-Forwarded", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Host: upstream.test", result.StandardOutput, StringComparison.Ordinal);
    }
}
