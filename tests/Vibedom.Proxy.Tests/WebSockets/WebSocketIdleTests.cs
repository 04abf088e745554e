using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Proxy.WebSockets;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// Idle relayed WebSockets, with the idle timeout lowered to seconds (<c>ProxyOptions.WebSocketIdleTimeout</c>): a side
/// that answers nothing is closed (1001) after it; a live client that only answers the relay's pings stays open; and
/// when all places are taken, one unused for the timeout yields to a new connection instead of shutting it out.
/// </summary>
public sealed class WebSocketIdleTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    private Task<ProxyUnderTest> StartAsync(bool https = true) =>
        ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: https, adjust: o => o with { Dlp = DlpSettings.Default, WebSocketIdleTimeout = Idle });

    [Fact]
    public async Task A_client_that_answers_nothing_is_pinged_then_closed_with_1001_after_the_idle_timeout()
    {
        await using var proxy = await StartAsync(https: false);
        var path = $"/ws/{Guid.NewGuid():N}";
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, TestTimeout());
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET http://{UpstreamServer.Name}{path} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n"), TestTimeout()); // gitleaks:allow (RFC 6455 sample nonce)
        Assert.StartsWith("HTTP/1.1 101", await ReadHeadAsync(stream), StringComparison.Ordinal);

        // then silence: the relay's ping comes first (never answered), then the close
        var ping = await ReadFrameAsync(stream);
        var close = await ReadFrameAsync(stream);

        Assert.Equal(0x89, ping.Head);
        Assert.Equal(0x88, close.Head);
        Assert.Equal(1001, (close.Payload[0] << 8) | close.Payload[1]);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains("websocket closed (1001): idle: the client sent nothing", line.Reason, StringComparison.Ordinal);
        Assert.Equal(1001, Assert.Single(upstream.WebSocketMessages, m => m.Target == path).CloseStatus);
    }

    [Fact]
    public async Task A_live_client_that_stays_quiet_for_several_idle_timeouts_is_kept_open()
    {
        await using var proxy = await StartAsync();
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, $"wss://{UpstreamServer.Name}{path}", o => o.KeepAliveInterval = TimeSpan.Zero);
        var receiving = ReceiveAsync(socket); // a live client reads (and so answers pings); it sends nothing itself

        await Task.Delay(3 * Idle, TestContext.Current.CancellationToken); // not a timing: a span the old relay never cut
        Assert.Equal(WebSocketState.Open, socket.State);
        await SendTextAsync(socket, "still here");

        Assert.Equal((WebSocketMessageType.Text, "still here"), await receiving);
        Assert.Equal(["still here"], upstream.WebSocketMessages.Where(m => m.Target == path).Select(m => m.Text)); // no relay pong reached it
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());
    }

    [Fact]
    public async Task When_every_place_is_taken_a_connection_unused_for_the_idle_timeout_yields_to_a_new_one()
    {
        await using var proxy = await StartAsync();
        var sockets = new List<ClientWebSocket>();
        var reads = new List<Task<(WebSocketMessageType Type, string Text)>>();
        try
        {
            for (var i = 0; i < WebSocketRelay.MaxConnections; i++)
            {
                var socket = await ConnectAsync(proxy, $"wss://{UpstreamServer.Name}/ws/{Guid.NewGuid():N}", o => o.KeepAliveInterval = TimeSpan.Zero);
                sockets.Add(socket);
                reads.Add(ReceiveAsync(socket)); // live (they answer pings) but unused
            }

            await SendTextAsync(sockets[0], "in use");
            Assert.Equal("in use", (await reads[0]).Text);
            reads[0] = ReceiveAsync(sockets[0]);
            await Task.Delay(Idle + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // not a timing: past the timeout
            await SendTextAsync(sockets[0], "in use again"); // the one in use is not the one that yields
            Assert.Equal("in use again", (await reads[0]).Text);
            reads[0] = ReceiveAsync(sockets[0]);

            using var newcomer = await ConnectAsync(proxy, $"wss://{UpstreamServer.Name}/ws/{Guid.NewGuid():N}");
            await SendTextAsync(newcomer, "hello");
            Assert.Equal("hello", (await ReceiveAsync(newcomer)).Text);

            var yielded = await Task.WhenAny(reads.Skip(1));
            Assert.Equal(WebSocketMessageType.Close, (await yielded).Type);
            var closedSocket = sockets[reads.IndexOf(yielded)];
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, closedSocket.CloseStatus); // 1001
            Assert.Equal(WebSocketState.Open, sockets[0].State);
        }
        finally
        {
            sockets.ForEach(s => s.Abort());
            sockets.ForEach(s => s.Dispose());
        }

        var lines = await proxy.LogLinesAsync(WebSocketRelay.MaxConnections + 1);
        Assert.Contains(lines, l => l.Reason.Contains("places were taken; a connection unused for at least 2 s was closed (1001) to make room", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Reason.Contains("yielded its place to a new one", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Status == 503);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, TestTimeout());
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>One unmasked frame with a short payload (what the relay sends a client: ping, close).</summary>
    private static async Task<(byte Head, byte[] Payload)> ReadFrameAsync(NetworkStream stream)
    {
        var head = new byte[2];
        await stream.ReadExactlyAsync(head, TestTimeout());
        var payload = new byte[head[1] & 0x7F];
        await stream.ReadExactlyAsync(payload, TestTimeout());
        return (head[0], payload);
    }
}
