using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// Frames no well-behaved client sends, written byte by byte over a plain-HTTP upgrade through the proxy to the real
/// Kestrel upstream: each closes both sides with 1002 and nothing of it reaches the upstream.
/// </summary>
public sealed class WebSocketFramingTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "upstream.test\n";

    public static TheoryData<string, byte[]> BrokenFrames => new()
    {
        { "unmasked", [0x81, 0x02, (byte)'h', (byte)'i'] },
        { "rsv1 set (deflate not negotiated)", [0xC1, 0x82, 1, 2, 3, 4, (byte)'h' ^ 1, (byte)'i' ^ 2] },
        { "reserved opcode 3", [0x83, 0x80, 1, 2, 3, 4] },
        { "fragmented ping", [0x09, 0x80, 1, 2, 3, 4] },
        { "continuation with no message", [0x80, 0x80, 1, 2, 3, 4] },
        { "text that is not UTF-8", [0x81, 0x82, 0, 0, 0, 0, 0xC3, 0x28] },
    };

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public async Task A_malformed_frame_closes_both_sides_with_1002_or_1007_and_is_not_relayed(string what, byte[] frame)
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false, adjust: o => o with { Dlp = DlpSettings.Default });
        var path = $"/ws/{Guid.NewGuid():N}";
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, WebSocketClient.TestTimeout());
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET http://{UpstreamServer.Name}{path} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n"), WebSocketClient.TestTimeout()); // gitleaks:allow (RFC 6455 sample nonce)
        var head = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);

        await stream.WriteAsync(frame, WebSocketClient.TestTimeout());
        var answer = new byte[4];
        await stream.ReadExactlyAsync(answer, WebSocketClient.TestTimeout());

        Assert.Equal(0x88, answer[0]); // a close frame, unmasked
        var code = (answer[2] << 8) | answer[3];
        Assert.Equal(what.StartsWith("text", StringComparison.Ordinal) ? 1007 : 1002, code);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains($"websocket closed ({code}): the client broke the protocol", line.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(upstream.WebSocketMessages, m => m.Target == path && m.Kind != "close");
    }

    [Fact]
    public async Task Empty_fragments_count_against_the_message_limit_and_close_with_1009()
    {
        // each frame's header is charged to its message: 1000 empty fragments (6 bytes each, masked) pass a 4 KiB limit
        // with no payload byte at all, and end in 1009 instead of growing the message being gathered without end
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false,
            adjust: o => o with { Dlp = DlpSettings.Default, WebSocketMessageLimit = 4096 });
        var path = $"/ws/{Guid.NewGuid():N}";
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Handle.LoopbackEndPoint!, WebSocketClient.TestTimeout());
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET http://{UpstreamServer.Name}{path} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n"), WebSocketClient.TestTimeout()); // gitleaks:allow (RFC 6455 sample nonce)
        Assert.StartsWith("HTTP/1.1 101", await ReadHeadAsync(stream), StringComparison.Ordinal);

        var frames = new byte[6 * 1000];
        for (var f = 0; f < 1000; f++)
        {
            frames[(6 * f) + 1] = 0x80; // continuation, FIN clear, masked, length 0
        }

        frames[0] = 0x01; // the first opens a text message
        await stream.WriteAsync(frames, WebSocketClient.TestTimeout());
        var answer = new byte[4];
        await stream.ReadExactlyAsync(answer, WebSocketClient.TestTimeout());

        Assert.Equal(0x88, answer[0]);
        Assert.Equal(1009, (answer[2] << 8) | answer[3]);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains("websocket closed (1009)", line.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(upstream.WebSocketMessages, m => m.Target == path && m.Kind != "close");
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, WebSocketClient.TestTimeout());
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
