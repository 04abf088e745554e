using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>An oversized request header (CONNECT or plain HTTP) is refused with 431 and gets an audit line.</summary>
public sealed class HeaderLimitTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    /// <summary>Sends <paramref name="request"/> on a raw socket and returns the first line of the answer.</summary>
    private static async Task<string> SendRawAsync(ProxyUnderTest proxy, string request)
    {
        using var client = new TcpClient();
        var ct = TestContext.Current.CancellationToken;
        await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, ct);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        }
        catch (IOException)
        {
            // the proxy may answer and close before the whole header is sent
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(ct) ?? string.Empty;
    }

    private static string BigHeader(int bytes) => "X-Big: " + new string('a', bytes) + "\r\n";

    [Fact]
    public async Task Oversized_connect_header_is_refused_with_431_and_one_audit_line()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n");
        var target = $"{TestSecrets.AwsAccessKeyId}.upstream.test:443";

        var status = await SendRawAsync(proxy, $"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n{BigHeader(20 * 1024)}\r\n");

        Assert.StartsWith("HTTP/1.1 431", status, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(("CONNECT", false, 431), (line.Method, line.Allowed, line.Status));
        Assert.Contains(".upstream.test:443", line.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.AwsAccessKeyId, File.ReadAllText(proxy.NetworkLogPath), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connect_header_that_never_ends_is_refused_with_431_once_it_passes_the_limit()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n");

        var status = await SendRawAsync(proxy, "CONNECT upstream.test:443 HTTP/1.1\r\n" + BigHeader(20 * 1024));

        Assert.StartsWith("HTTP/1.1 431", status, StringComparison.Ordinal);
        Assert.Equal(431, Assert.Single(await proxy.LogLinesAsync(1)).Status);
    }

    [Fact]
    public async Task Oversized_plain_http_header_is_refused_with_431_and_one_audit_line()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false);

        var status = await SendRawAsync(proxy, $"GET http://upstream.test/hello HTTP/1.1\r\nHost: upstream.test\r\n{BigHeader(40 * 1024)}\r\n");

        Assert.StartsWith("HTTP/1.1 431", status, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 431), (line.Allowed, line.Status));
        Assert.StartsWith("refused by the HTTP parser: ", line.Reason, StringComparison.Ordinal);
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task Malformed_connect_is_refused_with_400_and_one_audit_line()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n");

        var status = await SendRawAsync(proxy, "CONNECT upstream.test HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
        Assert.Equal(400, Assert.Single(await proxy.LogLinesAsync(1)).Status);
    }
}
