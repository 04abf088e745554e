using System.Net;
using System.Net.Sockets;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>Configuration at start and during a session: errors stop the start, edits apply live.</summary>
public sealed class ConfigurationTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    [Fact]
    public async Task Malformed_allowlist_names_file_line_and_nothing_starts()
    {
        var error = await Assert.ThrowsAsync<ProxyConfigurationException>(() =>
            ProxyUnderTest.StartAsync(upstream, "upstream.test\nhttps://bad.example/\n*.ok.test\nfoo*.test\n"));

        Assert.Equal(2, error.Errors.Count);
        Assert.EndsWith("trusted_domains.txt(2,1): allowlist-syntax: write the host only, without a scheme (example.com, not https://example.com)", error.Errors[0], StringComparison.Ordinal);
        Assert.EndsWith("trusted_domains.txt(4,4): allowlist-wildcard: '*' is allowed only as a leading '*.' label", error.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_option_error_is_reported_at_once()
    {
        var error = await Assert.ThrowsAsync<ProxyConfigurationException>(() =>
            ProxyUnderTest.StartAsync(upstream, "upstream.test\nbad host\n", adjust: o => o with
            {
                AllowPrivate = ["10.0.0.0/33"],
                Hosts = new Dictionary<string, string> { ["x.test"] = "nowhere" },
                UpstreamCaFiles = ["/nonexistent/ca.pem"],
            }));

        Assert.Equal(4, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.EndsWith("trusted_domains.txt(2,4): allowlist-syntax: one entry per line; unexpected text after the entry", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("[network] allow_private: invalid-cidr", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("[network.hosts] \"x.test\": invalid-address", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("/nonexistent/ca.pem(1,1): upstream-ca", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Port_in_use_is_a_one_line_configuration_error()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<ProxyConfigurationException>(() =>
            ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { LoopbackPort = port }));

        Assert.StartsWith($"127.0.0.1:{port}: listen-failed: ", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowlist_edit_takes_effect_without_restart_and_invalid_edit_keeps_old_list_and_says_so()
    {
        Prerequisite.RequireCommand("curl");
        var diagnostics = new RecordingDiagnostics();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { Diagnostics = diagnostics });
        Assert.Equal("200", (await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", "http://upstream.test/hello")).StandardOutput);

        File.WriteAllText(proxy.AllowlistPath, "other.test\n"); // in place, in one call: truncate and write microseconds apart
        // the write truncates first: a reload can see the empty list (all denied) before the new one, so wait for the new one
        Assert.True(await EventuallyAsync(proxy, "http://other.test/hello", "200"));
        Assert.Equal("403", (await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", "http://upstream.test/hello")).StandardOutput);

        File.WriteAllText(proxy.AllowlistPath, "upstream.test\nnot a host\n");
        var refused = await diagnostics.WaitForAsync(5003); // the reload ran and was refused: no sleep needed
        Assert.Equal("WARN", refused.LevelName);
        Assert.Contains("not reloaded, the previous list stays in force", refused.Message, StringComparison.Ordinal);
        Assert.Contains("trusted_domains.txt(2,4): allowlist-syntax", refused.Message, StringComparison.Ordinal);
        Assert.Equal("200", (await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", "http://other.test/hello")).StandardOutput);
        Assert.Equal("403", (await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", "http://upstream.test/hello")).StandardOutput);

        // editors that save by writing a new file and renaming it over the old one
        var saved = proxy.Directory.Write("trusted_domains.txt.swp", "upstream.test\n");
        File.Move(saved, proxy.AllowlistPath, overwrite: true);
        Assert.True(await EventuallyAsync(proxy, "http://upstream.test/hello", "200"));
    }

    [Fact]
    public async Task Unwritable_network_log_refuses_all_further_egress_and_says_so()
    {
        Prerequisite.RequireCommand("curl");
        Prerequisite.Require(File.Exists("/dev/full"), "/dev/full is missing");
        var diagnostics = new RecordingDiagnostics();
        var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { NetworkLogPath = "/dev/full", Diagnostics = diagnostics });
        try
        {
            // the first line cannot be written (ENOSPC); the writer records it and the proxy fails closed
            await proxy.CurlAsync("-o", "/dev/null", "http://upstream.test/hello");
            for (var i = 0; i < 100 && proxy.Handle.AuditLogHealthy; i++)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            var result = await proxy.CurlAsync("-i", "http://upstream.test/hello");

            Assert.False(proxy.Handle.AuditLogHealthy);
            Assert.StartsWith("HTTP/1.1 503", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("X-Vibedom-Denied: audit-log", result.StandardOutput, StringComparison.Ordinal);
            var failed = await diagnostics.WaitForAsync(5004);
            Assert.Equal("ERROR", failed.LevelName);
            Assert.StartsWith("network log /dev/full cannot be written; egress is refused from now on: ", failed.Message, StringComparison.Ordinal);
        }
        finally
        {
            var error = await Assert.ThrowsAsync<IOException>(async () => await proxy.Handle.DisposeAsync());
            Assert.Contains("/dev/full could not be written", error.Message, StringComparison.Ordinal);
            proxy.Directory.Dispose();
        }
    }

    [Fact]
    public async Task Raw_tcp_through_connect_needs_an_explicit_host_port_entry()
    {
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var port = ((IPEndPoint)echo.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            while (true)
            {
                using var peer = await echo.AcceptTcpClientAsync();
                var stream = peer.GetStream();
                await stream.WriteAsync("SSH-2.0-test\r\n"u8.ToArray());
                var buffer = new byte[64];
                var n = await stream.ReadAsync(buffer);
                await stream.WriteAsync(buffer.AsMemory(0, n));
            }
        }, TestContext.Current.CancellationToken);

        await using var proxy = await ProxyUnderTest.StartAsync(upstream, $"git.test:{port}\nupstream.test\n",
            adjust: o => o with { Hosts = new Dictionary<string, string>(o.Hosts) { ["git.test"] = "127.0.0.1" } });

        // server speaks first (as SSH does): the client sends nothing until the banner arrives
        var (banner, echoed) = await ThroughTunnelAsync(proxy, $"git.test:{port}", "ping");
        Assert.Equal(("SSH-2.0-test\r\n", "ping"), (banner, echoed));

        var refused = await ThroughTunnelRawAsync(proxy, "upstream.test:443", "SSH-2.0-client\r\n");
        Assert.Equal(0, refused);

        var lines = await proxy.LogLinesAsync(2);
        Assert.Equal(2, lines.Count);
        var tunneled = Assert.Single(lines, l => l.Allowed);
        Assert.Equal(("CONNECT", NetworkLogEntry.TlsTunneled, 4L, 18L), (tunneled.Method, tunneled.Tls, tunneled.BytesOut, tunneled.BytesIn));
        var denied = Assert.Single(lines, l => !l.Allowed);
        Assert.StartsWith("neither TLS nor HTTP; raw TCP needs an explicit 'upstream.test:443' entry", denied.Reason, StringComparison.Ordinal);
    }

    private static async Task<(string Banner, string Echo)> ThroughTunnelAsync(ProxyUnderTest proxy, string authority, string message)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Handle.LoopbackEndPoint!.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n"));
        var established = await ReadAsync(stream, "HTTP/1.1 200 Connection Established\r\n\r\n".Length);
        Assert.StartsWith("HTTP/1.1 200", established, StringComparison.Ordinal);
        var banner = await ReadAsync(stream, "SSH-2.0-test\r\n".Length);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(message));
        var echoed = await ReadAsync(stream, message.Length);
        return (banner, echoed);
    }

    private static async Task<int> ThroughTunnelRawAsync(ProxyUnderTest proxy, string authority, string message)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Handle.LoopbackEndPoint!.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n"));
        await ReadAsync(stream, "HTTP/1.1 200 Connection Established\r\n\r\n".Length);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(message));
        var buffer = new byte[64];
        try
        {
            return await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<string> ReadAsync(NetworkStream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private static async Task<bool> EventuallyAsync(ProxyUnderTest proxy, string url, string status)
    {
        for (var i = 0; i < 50; i++)
        {
            if ((await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", url)).StandardOutput == status)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
