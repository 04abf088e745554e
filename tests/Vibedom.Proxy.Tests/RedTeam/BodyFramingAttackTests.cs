using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Dlp.DlpUnderTest;

namespace Vibedom.Proxy.Tests.RedTeam;

/// <summary>
/// Red team s27 (held): DLP skips a body whose Content-Length says 0, and a request may declare a length and a chunked
/// body at once (the chunked framing wins, RFC 9112 §6.3): Kestrel drops the length, so the body is still scrubbed.
/// </summary>
public sealed class BodyFramingAttackTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    [Theory]
    [InlineData("Content-Length: 0\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 0\r\n")]
    [InlineData("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n")]
    public async Task A_chunked_body_that_also_declares_a_length_never_reaches_the_upstream_unscrubbed(string framing)
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { Dlp = DlpSettings.Default });
        var id = Guid.NewGuid().ToString("N");
        var chunk = $"key={Aws}\n";
        var request = $"POST http://{UpstreamServer.Name}/record/{id} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\n{framing}Connection: close\r\n\r\n"
            + $"{chunk.Length:x}\r\n{chunk}\r\n0\r\n\r\n";
        var uri = new Uri(proxy.ProxyUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port, TestContext.Current.CancellationToken);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        var answer = new StreamReader(client.GetStream());
        var status = await answer.ReadLineAsync(TestContext.Current.CancellationToken);
        await answer.ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("HTTP/1.1 200", status, StringComparison.Ordinal);
        Assert.DoesNotContain(upstream.Received, r => r.AllText.Contains(Aws, StringComparison.Ordinal));
        var received = Assert.Single(upstream.Received, r => r.Target.Contains(id, StringComparison.Ordinal));
        Assert.StartsWith("key=[REDACTED_", Encoding.ASCII.GetString(received.Body), StringComparison.Ordinal);
    }
}
