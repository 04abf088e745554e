using System.IO.Compression;
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
/// Red team s27: the bound on the bodies DLP holds whole counted the bytes read (the declared length), but what the
/// exchange holds until it ends is the scrubbed body, decoded: a 15 KiB gzip upload holding one secret became a
/// 15 MiB array, referenced by the request until its response ends, which the agent decides. Now the scrubbed body
/// is reserved too; past the bound the body streams through the scrubber (block mode: 503).
/// </summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class ScrubbedBodyMemoryAttackTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const int Requests = 16;
    private const int Decoded = 15 * 1024 * 1024;

    [Fact]
    public async Task Small_gzip_uploads_that_decode_to_15_MiB_with_a_secret_do_not_each_hold_their_scrubbed_body()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { Dlp = DlpSettings.Default });
        var body = Bomb();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var open = new List<TcpClient>();
        var seen = upstream.Requests;
        try
        {
            for (var i = 0; i < Requests; i++)
            {
                var client = await ProxyMemoryProbe.ConnectAsync(proxy);
                open.Add(client);
                byte[] request = [.. Head($"/sse?held={i}", body.Length), .. body];
                await client.GetStream().WriteAsync(request, TestContext.Current.CancellationToken); // its response is never read
            }

            while (upstream.Requests < seen + Requests)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken); // each scanned and forwarded (to the test's timeout)
            }

            var grew = await ProxyMemoryProbe.SettledGrowthAsync(before);

            Assert.True(grew < 128L << 20, $"the proxy holds {grew >> 20} MiB for {Requests} open exchanges of {body.Length >> 10} KiB each");
            var id = Guid.NewGuid().ToString("N");
            using var sender = await ProxyMemoryProbe.ConnectAsync(proxy); // the bound is full: this one streams, scanned again
            byte[] last = [.. Head($"/record/{id}", body.Length, close: true), .. body];
            await sender.GetStream().WriteAsync(last, TestContext.Current.CancellationToken);
            await sender.GetStream().CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);
            var received = Assert.Single(upstream.Received, r => r.Target.Contains(id, StringComparison.Ordinal));
            Assert.DoesNotContain(Aws, received.AllText, StringComparison.Ordinal);
            Assert.StartsWith("key=[REDACTED_", Encoding.ASCII.GetString(received.Body, 0, 32), StringComparison.Ordinal);
        }
        finally
        {
            upstream.ReleaseSse();
            open.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Gzip of 15 MiB of text with a secret at its start (about 15 KiB).</summary>
    private static byte[] Bomb()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.ASCII.GetBytes($"key={Aws}\n"));
            var line = Encoding.ASCII.GetBytes("the quick brown fox jumps over the lazy dog, again and again\n");
            for (var written = 0; written + line.Length < Decoded; written += line.Length)
            {
                gzip.Write(line);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Head(string path, int length, bool close = false) => Encoding.ASCII.GetBytes(
        $"POST http://{UpstreamServer.Name}{path} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nContent-Encoding: gzip\r\nContent-Length: {length}\r\n{(close ? "Connection: close\r\n" : string.Empty)}\r\n");
}
