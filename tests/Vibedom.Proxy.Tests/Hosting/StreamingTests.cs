using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>Bodies are streamed, never buffered: SSE events pass one by one, 100 MB pass in bounded memory.</summary>
public sealed class StreamingTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "upstream.test\n";

    [Fact]
    public async Task Sse_event_arrives_before_the_upstream_finishes_the_stream()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        upstream.ResetSse();
        using var client = Client(proxy);

        // The upstream writes the first event, then blocks until this test has read it: if the
        // proxy buffered the stream, the first read would never complete.
        using var response = await client.GetAsync($"https://{UpstreamServer.Name}/sse", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);
        var first = await reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        upstream.ReleaseSse();
        var rest = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.Equal("data: first", first);
        Assert.Equal("\ndata: last\n\n", rest);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((true, 200, (long)"data: first\n\ndata: last\n\n".Length), (line.Allowed, line.Status, line.BytesIn));
    }

    [Fact]
    public async Task Stopping_the_proxy_ends_open_streams_promptly_and_logs_them()
    {
        var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        upstream.ResetSse();
        using var client = Client(proxy);
        using var response = await client.GetAsync($"https://{UpstreamServer.Name}/sse", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);
        Assert.Equal("data: first", await reader.ReadLineAsync(TestContext.Current.CancellationToken));

        // the upstream never finishes the stream: stopping must not wait for it
        await proxy.Handle.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        upstream.ReleaseSse();

        var line = Assert.Single(File.ReadAllLines(proxy.NetworkLogPath), l => Vibedom.Proxy.Logging.NetworkLogEntry.TryParse(l)?.Phase is null);
        Assert.Contains("\"url\":\"https://upstream.test/sse\"", line, StringComparison.Ordinal);
        proxy.Directory.Dispose();
    }

    [Fact]
    public async Task Hundred_megabyte_download_streams_in_bounded_proxy_memory()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        await proxy.CurlAsync("-o", "/dev/null", $"https://{UpstreamServer.Name}/hello");
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(10, CancellationToken.None);
            }
        }, TestContext.Current.CancellationToken);

        var result = await proxy.CurlAsync("--http1.1", "-o", "/dev/null", "-w", "%{size_download}", $"https://{UpstreamServer.Name}/big?mb=100");
        await stop.CancelAsync();
        await sampler;

        Assert.Equal((100L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), result.StandardOutput);
        // in-process managed heap (proxy and upstream together) grows by far less than the body
        Assert.True(peak - baseline < 40L * 1024 * 1024, $"heap grew by {(peak - baseline) / 1024 / 1024} MiB while moving 100 MiB");
        var lines = await proxy.LogLinesAsync(2);
        Assert.Equal(100L * 1024 * 1024, lines[1].BytesIn);
    }

    [Fact]
    public async Task Hundred_megabyte_upload_streams_through()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        var file = proxy.Directory.Combine("upload.bin");
        await using (var f = File.Create(file))
        {
            f.SetLength(100L * 1024 * 1024);
        }

        var result = await proxy.CurlAsync("--http1.1", "-T", file, "-X", "POST", "-o", "/dev/null", "-w", "%{size_download}", $"https://{UpstreamServer.Name}/echo");

        Assert.Equal((100L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), result.StandardOutput);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((100L * 1024 * 1024, 100L * 1024 * 1024), (line.BytesOut, line.BytesIn));
    }

    [Fact]
    public async Task Connect_that_sends_no_request_leaves_one_line()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, proxy.Handle.LoopbackEndPoint!.Port, TestContext.Current.CancellationToken);
            var stream = socket.GetStream();
            await stream.WriteAsync("CONNECT upstream.test:443 HTTP/1.1\r\nHost: upstream.test:443\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
            var buffer = new byte[128];
            var n = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            Assert.StartsWith("HTTP/1.1 200", System.Text.Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
        }

        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("CONNECT", "upstream.test:443", true, 200, "no request sent"), (line.Method, line.Url, line.Allowed, line.Status, line.Reason[(line.Reason.IndexOf(';', StringComparison.Ordinal) + 2)..]));
    }

    internal static HttpClient Client(ProxyUnderTest proxy)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(proxy.CaPath);
        var handler = new SocketsHttpHandler
        {
            Proxy = new WebProxy(proxy.ProxyUrl),
            UseProxy = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }
}
