using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// Red team (s19 redteam3): a client that stops reading while the relay writes it a large message. The down pump holds
/// the client peer's write lock inside a write that never completes; the watch's ping to the client then waits on that
/// lock with a token only the end of the relay cancels, so the idle check (and eviction, in the same loop) never runs
/// again: the connection, its buffers and its task stay for good, while its slot can be taken over (the 16-connection
/// memory bound no longer holds).
/// </summary>
public sealed class WebSocketStuckReaderAttackTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_client_that_stops_reading_a_large_echo_is_still_closed_after_the_idle_timeout()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { Dlp = DlpSettings.Default, WebSocketIdleTimeout = Idle });
        var path = $"/ws/{Guid.NewGuid():N}";
        using var client = await StartLargeEchoAsync(proxy, path);
        var stream = client.GetStream();
        byte[] ping = [0x89, 0x80, 0, 0, 0, 0];

        // keep the client side talking (tiny masked pings) until the echo starts arriving: from then on the down pump holds
        // the client's write lock in a write that never ends, and the relay's own ping to the (now silent) client waits on it
        for (var i = 0; i < 600 && client.Available == 0; i++)
        {
            await stream.WriteAsync(ping, TestTimeout());
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(client.Available > 0, "the echo started to arrive");
        // then silence, and no read: the idle timeout is 6 s (+5 s grace); wait 40 s for the connection's final line
        for (var i = 0; i < 400 && !proxy.AllLogLines().Any(l => l.Phase is null && l.Url.Contains(path, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains(proxy.AllLogLines(), l => l.Phase is null && l.Url.Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_keeps_sending_but_never_reads_is_cut_once_a_write_to_it_makes_no_progress_for_the_idle_timeout()
    {
        // not silent, so the idle check alone never fires: the stalled write to it is what ends the connection
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { Dlp = DlpSettings.Default, WebSocketIdleTimeout = Idle });
        var path = $"/ws/{Guid.NewGuid():N}";
        using var client = await StartLargeEchoAsync(proxy, path);
        var stream = client.GetStream();
        byte[] ping = [0x89, 0x80, 0, 0, 0, 0];
        for (var i = 0; i < 400 && !proxy.AllLogLines().Any(l => l.Phase is null && l.Url.Contains(path, StringComparison.Ordinal)); i++)
        {
            try
            {
                using var bounded = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
                await stream.WriteAsync(ping, bounded.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // our own send buffer is full, or the proxy cut us: go on waiting for the line
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains(proxy.AllLogLines(), l => l.Phase is null && l.Url.Contains(path, StringComparison.Ordinal));
    }

    /// <summary>Upgrades through the proxy and sends one 8 MiB binary message for the upstream to echo.</summary>
    private static async Task<TcpClient> StartLargeEchoAsync(ProxyUnderTest proxy, string path)
    {
        var client = new TcpClient { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, TestTimeout());
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET http://{UpstreamServer.Name}{path} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n"), TestTimeout()); // gitleaks:allow (RFC 6455 sample nonce)
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, TestTimeout());
            head.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);

        // one 8 MiB binary message (masked with a zero key): the upstream echoes it, the relay writes it to a client that never reads
        const int Size = 8 << 20;
        var frame = new byte[14 + Size];
        frame[0] = 0x82;
        frame[1] = 0x80 | 127;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), Size);
        "x"u8.CopyTo(frame.AsSpan(14));
        await stream.WriteAsync(frame, TestTimeout());
        return client;
    }
}
