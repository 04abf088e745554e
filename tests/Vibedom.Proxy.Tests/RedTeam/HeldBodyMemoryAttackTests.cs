using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Proxy.Tests.WebSockets;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Dlp.DlpUnderTest;

namespace Vibedom.Proxy.Tests.RedTeam;

/// <summary>
/// Red team s26: DLP reads a request body of up to 4 MiB whole, into an array of its declared length, and the agent
/// decides how many requests it opens and when each ends. 200 requests declaring 4 MiB and stalled one byte short
/// held 830 MiB in the proxy (on the host, outside the sandbox's memory limit). Now the bodies held whole share one
/// bound; past it a body streams through the scrubber, still scrubbed.
/// </summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class HeldBodyMemoryAttackTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const int Declared = 4 * 1024 * 1024;

    [Fact]
    public async Task Requests_stalled_one_byte_short_of_4_MiB_do_not_each_hold_their_body_and_a_secret_sent_meanwhile_is_scrubbed()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { Dlp = DlpSettings.Default });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stalled = new List<TcpClient>();
        try
        {
            var filler = new byte[Declared - 1];
            Array.Fill(filler, (byte)'a');
            for (var i = 0; i < 100; i++)
            {
                var client = await ProxyMemoryProbe.ConnectAsync(proxy);
                stalled.Add(client);
                await client.GetStream().WriteAsync(Head($"/sink?stalled={i}", Declared), TestContext.Current.CancellationToken);
                await client.GetStream().WriteAsync(filler, TestContext.Current.CancellationToken);
            }

            var grew = await ProxyMemoryProbe.SettledGrowthAsync(before);

            Assert.True(grew < 128L << 20, $"the proxy holds {grew >> 20} MiB for 100 stalled requests");
            var id = Guid.NewGuid().ToString("N");
            var body = Encoding.ASCII.GetBytes($"key={Aws}\n");
            using var sender = await ProxyMemoryProbe.ConnectAsync(proxy);
            byte[] request = [.. Head($"/record/{id}", body.Length, close: true), .. body];
            await sender.GetStream().WriteAsync(request, TestContext.Current.CancellationToken);
            await sender.GetStream().CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);
            var received = Assert.Single(upstream.Received, r => r.Target.Contains(id, StringComparison.Ordinal));
            Assert.DoesNotContain(Aws, received.AllText, StringComparison.Ordinal);
            Assert.Contains("[REDACTED_", Encoding.ASCII.GetString(received.Body), StringComparison.Ordinal);
        }
        finally
        {
            stalled.ForEach(c => c.Dispose());
        }
    }

    private static byte[] Head(string path, int length, bool close = false) => Encoding.ASCII.GetBytes(
        $"POST http://{UpstreamServer.Name}{path} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nContent-Length: {length}\r\n{(close ? "Connection: close\r\n" : string.Empty)}\r\n");
}
