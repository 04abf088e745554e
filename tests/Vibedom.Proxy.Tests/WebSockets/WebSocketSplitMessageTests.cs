using System.Net.WebSockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Scanning.Redaction;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// A value split across two WebSocket messages (its first part ending one, the rest starting the next), through the
/// real relay (ClientWebSocket, TLS interception, Kestrel upstream): each direction scans a message behind what it
/// last sent, so the rest is replaced before the second message leaves, and the line says it was split.
/// </summary>
public sealed class WebSocketSplitMessageTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private static string Url(string path) => $"wss://{UpstreamServer.Name}{path}";

    private Task<ProxyUnderTest> StartAsync(DlpSettings dlp) =>
        ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Dlp = dlp });

    private IReadOnlyList<WebSocketMessage> MessagesTo(string path) => [.. upstream.WebSocketMessages.Where(m => m.Target == path && m.Kind != "close")];

    [Fact]
    public async Task A_secret_split_across_two_text_messages_has_its_rest_redacted_and_the_line_says_it_was_split()
    {
        await using var proxy = await StartAsync(DlpSettings.Default);
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "{\"delta\":\"my token is " + pat[..16]);
        _ = await ReceiveAsync(socket);
        await SendTextAsync(socket, pat[16..] + " and more\"}");
        var second = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var received = MessagesTo(path);
        Assert.Equal("{\"delta\":\"my token is " + pat[..16], received[0].Text); // sent before its rest came
        Assert.DoesNotContain(pat[16..], received[1].Text, StringComparison.Ordinal);
        Assert.Matches(@"^\[REDACTED_[A-Z0-9-]+\] and more""\}$", received[1].Text);
        Assert.Equal(received[1].Text, second.Text);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        var item = Assert.Single(line.Scrubbed);
        Assert.Equal(("websocket-text-split", 1), (item.Where, item.Count));
        Assert.DoesNotContain(pat, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_the_upstream_splits_across_two_messages_reaches_the_client_with_its_rest_redacted()
    {
        // requests in log mode: the halves reach the upstream as sent, and come back as two messages to the client
        await using var proxy = await StartAsync(new DlpSettings { Secrets = DlpMode.Log });
        var path = $"/ws/{Guid.NewGuid():N}";
        var key = TestSecrets.StripeLiveKey;
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "say:the key: " + key[..14]);
        var first = await ReceiveAsync(socket);
        await SendTextAsync(socket, "say:" + key[14..] + ".");
        var second = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        Assert.Equal("the key: " + key[..14], first.Text);
        Assert.DoesNotContain(key[14..], second.Text, StringComparison.Ordinal);
        Assert.StartsWith("[REDACTED_", second.Text, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "websocket-response-text-split");
    }

    [Fact]
    public async Task A_secret_split_across_two_binary_messages_has_its_rest_redacted()
    {
        await using var proxy = await StartAsync(DlpSettings.Default);
        var path = $"/ws/{Guid.NewGuid():N}";
        var key = TestSecrets.AwsAccessKeyId;
        using var socket = await ConnectAsync(proxy, Url(path));

        await socket.SendAsync(Bytes([0, 1, 2], "aws " + key[..9]), WebSocketMessageType.Binary, true, TestTimeout());
        _ = await ReceiveAsync(socket);
        await socket.SendAsync(Bytes([], key[9..] + " tail"), WebSocketMessageType.Binary, true, TestTimeout());
        _ = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var second = Encoding.Latin1.GetString(MessagesTo(path)[1].Payload);
        Assert.DoesNotContain(key[9..], second, StringComparison.Ordinal);
        Assert.StartsWith("[REDACTED_", second, StringComparison.Ordinal);
        Assert.EndsWith(" tail", second, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "websocket-binary-split");
    }

    [Fact]
    public async Task A_binary_message_is_scanned_as_bytes_so_a_workspace_value_with_non_ascii_letters_is_caught()
    {
        var value = "pässwört-" + "Zq81" + "Lk2v" + "Nx7m";
        await using var proxy = await StartAsync(DlpSettings.Default with { ExactValues = new KnownSecrets([value]) });
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path));

        await socket.SendAsync(Bytes([0xff, 0], "v=" + value + ";"), WebSocketMessageType.Binary, true, TestTimeout());
        _ = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var payload = MessagesTo(path)[0].Payload;
        Assert.Equal(-1, payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
        Assert.Equal([0xff, 0, .. "v=[REDACTED_PREFLIGHT];"u8], payload);
    }

    [Fact]
    public async Task In_block_mode_a_message_completing_a_split_secret_closes_with_1008_and_is_not_sent()
    {
        await using var proxy = await StartAsync(new DlpSettings { Secrets = DlpMode.Block });
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "token " + pat[..16]);
        _ = await ReceiveAsync(socket);
        await SendTextAsync(socket, pat[16..]);
        var closed = await ReceiveAsync(socket);

        Assert.Equal(WebSocketMessageType.Close, closed.Type);
        Assert.Equal((WebSocketCloseStatus)1008, socket.CloseStatus);
        Assert.Equal(["token " + pat[..16]], MessagesTo(path).Select(m => m.Text));
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.False(line.Allowed);
    }

    [Fact]
    public async Task A_value_already_recorded_is_not_counted_again_when_the_next_message_is_scanned_behind_it()
    {
        // log mode: the value stays in what was sent (and so in the part scanned with the next message)
        await using var proxy = await StartAsync(new DlpSettings { Secrets = DlpMode.Log });
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "token " + TestSecrets.GitHubPat);
        _ = await ReceiveAsync(socket);
        await SendTextAsync(socket, "a clean message");
        _ = await ReceiveAsync(socket);
        await SendTextAsync(socket, "another clean one");
        _ = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var line = Assert.Single(await proxy.LogLinesAsync(1));
        var item = Assert.Single(line.Scrubbed, s => s.Where.StartsWith("websocket-text", StringComparison.Ordinal));
        Assert.Equal(("websocket-text", 1), (item.Where, item.Count));
    }

    private static byte[] Bytes(byte[] head, string text) => [.. head, .. Encoding.UTF8.GetBytes(text)];
}
