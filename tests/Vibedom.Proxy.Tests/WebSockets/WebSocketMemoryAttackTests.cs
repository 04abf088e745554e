using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Proxy.WebSockets;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// Red team (redteam2): a hostile client made the WebSocket relay allocate the length a frame header claims before
/// any payload byte arrived (<c>new byte[length]</c>, up to the 16 MiB message limit, per connection, with no cap on
/// connections), and grow a list by one array per empty fragment. The first two claims failed on that code; the relay
/// now reads payloads in chunks into one buffer per direction, charges each frame's header to its message, and
/// relays at most <see cref="WebSocketRelay.MaxConnections"/> connections at once.
/// </summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class WebSocketMemoryAttackTests(UpstreamServer upstream, ITestOutputHelper output) : IClassFixture<UpstreamServer>
{
    private const int Connections = 8;

    [Fact]
    public async Task A_frame_header_alone_does_not_make_the_proxy_hold_the_length_it_claims()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { Dlp = DlpSettings.Default });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clients = new List<TcpClient>();
        try
        {
            for (var c = 0; c < Connections; c++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, WebSocketClient.TestTimeout());
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"GET http://{UpstreamServer.Name}/ws/{Guid.NewGuid():N} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n"), WebSocketClient.TestTimeout()); // gitleaks:allow (RFC 6455 sample nonce)
                await ReadHeadAsync(stream);

                // 14 bytes: FIN+text, masked, 64-bit length just under the 16 MiB limit, a mask; then nothing more
                var header = new byte[14];
                header[0] = 0x81;
                header[1] = 0x80 | 127;
                BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), (16UL << 20) - 1);
                await stream.WriteAsync(header, WebSocketClient.TestTimeout());
            }

            long held = 0;
            for (var poll = 0; poll < 50; poll++) // a bound, not a timing: give the proxy's reads time to run
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
                held = GC.GetTotalMemory(forceFullCollection: true) - before;
                if (held > Connections * (8L << 20))
                {
                    break;
                }
            }

            output.WriteLine($"{Connections} connections x 14 header bytes: the proxy holds {held >> 20} MiB more");
            Assert.True(held < 32L << 20, $"{Connections} frame headers (14 bytes each, no payload) made the proxy hold {held >> 20} MiB");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Empty_fragments_do_not_grow_the_proxy_s_memory_past_the_message_limit()
    {
        // the limit counts payload bytes only: each empty continuation frame (6 bytes on the wire) adds an array and a
        // list slot to the message being gathered, so one connection grows the proxy's heap without ever reaching 1009
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { Dlp = DlpSettings.Default });
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, WebSocketClient.TestTimeout());
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET http://{UpstreamServer.Name}/ws/{Guid.NewGuid():N} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n"), WebSocketClient.TestTimeout()); // gitleaks:allow (RFC 6455 sample nonce)
        await ReadHeadAsync(stream);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        const int Frames = 3_000_000; // 18 MB on the wire, no payload byte at all
        var batch = new byte[6 * 10_000];
        for (var f = 0; f < 10_000; f++)
        {
            batch[6 * f] = 0x00; // continuation, FIN clear
            batch[(6 * f) + 1] = 0x80; // masked, length 0
        }

        batch[0] = 0x01; // the first frame opens a text message
        await stream.WriteAsync(batch, WebSocketClient.TestTimeout());
        batch[0] = 0x00;
        try
        {
            for (var sent = 10_000; sent < Frames; sent += 10_000)
            {
                await stream.WriteAsync(batch, WebSocketClient.TestTimeout());
            }

            await stream.FlushAsync(WebSocketClient.TestTimeout());
        }
        catch (IOException)
        {
            // the proxy closed the connection (1009) before the last batches: what it holds is measured below
        }
        long held = 0;
        for (var poll = 0; poll < 100; poll++) // a bound, not a timing: let the proxy read what was sent
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            var now = GC.GetTotalMemory(forceFullCollection: true) - before;
            if (poll > 5 && now <= held)
            {
                break;
            }

            held = Math.Max(held, now);
        }

        output.WriteLine($"{Frames} empty fragments ({6 * Frames >> 20} MiB on the wire, 0 payload bytes): the proxy holds {held >> 20} MiB more");
        Assert.True(held < 48L << 20, $"{Frames} empty fragments made the proxy hold {held >> 20} MiB (the message has 0 payload bytes)");
    }

    [Fact]
    public async Task One_upgrade_past_the_connection_cap_gets_503_before_the_upstream_sees_it_and_a_closed_one_frees_its_slot()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { Dlp = DlpSettings.Default });
        var open = new List<TcpClient>();
        try
        {
            for (var c = 0; c < WebSocketRelay.MaxConnections; c++)
            {
                open.Add(await UpgradeAsync(proxy, expect: "HTTP/1.1 101"));
            }

            var before = upstream.Requests;
            using (var refused = await UpgradeAsync(proxy, expect: "HTTP/1.1 503"))
            {
                Assert.Equal(before, upstream.Requests);
            }

            var line = Assert.Single(await proxy.LogLinesAsync(1), l => l.Status == 503);
            Assert.False(line.Allowed);
            Assert.Contains("too many WebSocket connections", line.Reason, StringComparison.Ordinal);

            open[0].Dispose();
            open.RemoveAt(0);
            for (var attempt = 0; ; attempt++) // a bound, not a timing: the relay notices the closed connection
            {
                var client = await UpgradeAsync(proxy, expect: null);
                if (await HeadIsAsync(client, "HTTP/1.1 101"))
                {
                    open.Add(client);
                    break;
                }

                client.Dispose();
                Assert.True(attempt < 50, "a closed WebSocket connection never freed its slot");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            open.ForEach(c => c.Dispose());
        }
    }

    private static async Task<TcpClient> UpgradeAsync(ProxyUnderTest proxy, string? expect)
    {
        var client = new TcpClient();
        await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, WebSocketClient.TestTimeout());
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"GET http://{UpstreamServer.Name}/ws/{Guid.NewGuid():N} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n"), WebSocketClient.TestTimeout()); // gitleaks:allow (RFC 6455 sample nonce)
        if (expect is not null)
        {
            Assert.True(await HeadIsAsync(client, expect), $"the upgrade was not answered {expect}");
        }

        return client;
    }

    private static async Task<bool> HeadIsAsync(TcpClient client, string start)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        var stream = client.GetStream();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, WebSocketClient.TestTimeout());
            head.Append((char)one[0]);
        }

        return head.ToString().StartsWith(start, StringComparison.Ordinal);
    }

    private static async Task ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, WebSocketClient.TestTimeout());
            head.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
    }
}
