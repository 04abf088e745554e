using System.Net.WebSockets;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// The WebSocket relay in the real proxy: .NET's ClientWebSocket through the proxy (CONNECT, TLS interception) to a
/// real Kestrel WebSocket upstream on loopback that records each message. Raw frames: <see cref="WebSocketFramingTests"/>.
/// </summary>
public sealed class WebSocketRelayTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "upstream.test\n";

    private static string Url(string path) => $"wss://{UpstreamServer.Name}{path}";

    private Task<ProxyUnderTest> StartAsync(DlpSettings? dlp = null, ProxyCredential? credential = null, long? limit = null) =>
        ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with
        {
            Dlp = dlp ?? DlpSettings.Default,
            Credentials = credential is null ? [] : [credential],
            WebSocketMessageLimit = limit ?? o.WebSocketMessageLimit,
        });

    private IReadOnlyList<WebSocketMessage> MessagesTo(string path) => [.. upstream.WebSocketMessages.Where(m => m.Target == path)];

    [Fact]
    public async Task Echo_works_and_the_connection_has_one_line_with_its_messages_and_bytes()
    {
        await using var proxy = await StartAsync();
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "hello");
        var echo = await ReceiveAsync(socket);
        await socket.SendAsync(new byte[] { 0, 1, 2, 255 }, WebSocketMessageType.Binary, true, TestTimeout());
        var binary = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", TestTimeout());

        Assert.Equal((WebSocketMessageType.Text, "hello"), echo);
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal(["text", "binary", "close"], MessagesTo(path).Select(m => m.Kind));
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((true, 101), (line.Allowed, line.Status));
        Assert.Contains("websocket: 2 message(s) up, 2 down", line.Reason, StringComparison.Ordinal);
        Assert.True(line.BytesOut >= 9 && line.BytesIn >= 9, $"{line.BytesOut} out, {line.BytesIn} in");
    }

    [Fact]
    public async Task A_secret_in_a_text_message_reaches_the_upstream_redacted_and_is_recorded_without_its_value()
    {
        await using var proxy = await StartAsync();
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, $"{{\"type\":\"response.create\",\"input\":\"my token is {pat}\"}}");
        var echo = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var received = MessagesTo(path)[0].Text;
        Assert.DoesNotContain(pat, received, StringComparison.Ordinal);
        Assert.StartsWith("{\"type\":\"response.create\",\"input\":\"my token is [REDACTED_", received, StringComparison.Ordinal);
        Assert.Equal(received, echo.Text);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "websocket-text" && s.Count == 1);
        Assert.DoesNotContain(pat, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_split_across_fragments_is_caught()
    {
        await using var proxy = await StartAsync();
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "first half: " + pat[..12], endOfMessage: false);
        await SendTextAsync(socket, pat[12..24], endOfMessage: false);
        await SendTextAsync(socket, pat[24..] + " end", endOfMessage: true);
        _ = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        var received = MessagesTo(path)[0].Text;
        Assert.DoesNotContain(pat[..20], received, StringComparison.Ordinal);
        Assert.StartsWith("first half: [REDACTED_", received, StringComparison.Ordinal);
        Assert.EndsWith(" end", received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_the_upstream_sends_is_scrubbed_before_the_client_reads_it()
    {
        // log mode for requests: the secret reaches the upstream unchanged (audited), and its answer is scrubbed
        await using var proxy = await StartAsync(new DlpSettings { Secrets = DlpMode.Log });
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "say:the token is " + pat);
        var said = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        Assert.Equal("say:the token is " + pat, MessagesTo(path)[0].Text);
        Assert.StartsWith("the token is [REDACTED_", said.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(pat, said.Text, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "websocket-response-text");
        Assert.Contains("passed unchanged (log mode)", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permessage_deflate_is_negotiated_away_so_every_frame_stays_readable()
    {
        await using var proxy = await StartAsync();
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path), o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());

        await SendTextAsync(socket, "compress me please, compress me please");
        var echo = await ReceiveAsync(socket);

        Assert.Equal("compress me please, compress me please", echo.Text);
        var handshake = Assert.Single(upstream.Received, r => r.Target == path);
        Assert.False(handshake.Headers.ContainsKey("sec-websocket-extensions"));
        Assert.Null(socket.HttpResponseHeaders?.GetValueOrDefault("Sec-WebSocket-Extensions"));
    }

    [Fact]
    public async Task The_sentinel_is_swapped_only_in_the_handshake_and_an_echoed_real_key_comes_back_as_the_sentinel()
    {
        // a key no rule knows by shape: one a rule knows arrives redacted, as in an HTTP body (WebSocketMessageOrderTests)
        var credential = ProxyCredential.Create("CODEX_API_KEY", TestCredentials.PlainKey(), [UpstreamServer.Name]);
        await using var proxy = await StartAsync(credential: credential);
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path), o => o.SetRequestHeader("Authorization", "Bearer " + credential.Sentinel));

        await SendTextAsync(socket, "key in a message: " + credential.Sentinel);
        var inMessage = await ReceiveAsync(socket);
        await SendTextAsync(socket, "auth?");
        var echoedAuth = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        Assert.Equal("Bearer " + credential.Value, Assert.Single(upstream.Received, r => r.Target == path).Headers["authorization"]);
        Assert.Equal("key in a message: " + credential.Sentinel, MessagesTo(path)[0].Text);
        Assert.Equal("key in a message: " + credential.Sentinel, inMessage.Text);
        Assert.Equal("Bearer " + credential.Sentinel, echoedAuth.Text);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains("credential: 1 echo(es) turned back into the sentinel", line.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Value, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_message_closes_the_connection_with_1009_and_never_reaches_the_upstream()
    {
        await using var proxy = await StartAsync(limit: 1024);
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, new string('a', 600), endOfMessage: false);
        await SendTextAsync(socket, new string('b', 600), endOfMessage: true);
        var closed = await ReceiveAsync(socket);

        Assert.Equal(WebSocketMessageType.Close, closed.Type);
        Assert.Equal((WebSocketCloseStatus)1009, socket.CloseStatus);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains("websocket closed (1009)", line.Reason, StringComparison.Ordinal);
        // the proxy closes both sides at once: the upstream may record its close after the client has seen its own
        for (var i = 0; i < 100 && MessagesTo(path).Count == 0; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(MessagesTo(path), m => m.Kind == "text");
        Assert.Equal(1009, Assert.Single(MessagesTo(path)).CloseStatus);
    }

    [Fact]
    public async Task A_large_binary_message_in_odd_sized_fragments_arrives_whole_and_intact_both_ways()
    {
        // the relay reads payloads in chunks as they arrive and unmasks each at its offset: fragments of sizes that are
        // not multiples of 4 or of the chunk check the mask phase and the joins
        await using var proxy = await StartAsync();
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path));
        var sent = new byte[(3 * 64 * 1024) + 12_345];
        new Random(7).NextBytes(sent);
        var sizes = new[] { 1, 70_001, 3, 65_536, sent.Length - 1 - 70_001 - 3 - 65_536 - 1, 1 };

        var at = 0;
        foreach (var size in sizes)
        {
            await socket.SendAsync(sent.AsMemory(at, size), WebSocketMessageType.Binary, at + size == sent.Length, TestTimeout());
            at += size;
        }

        var buffer = new byte[sent.Length + 1];
        var got = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(got), TestTimeout());
            got += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(sent, MessagesTo(path).Single(m => m.Kind == "binary").Payload);
        Assert.Equal(sent, buffer[..got]);
    }

    [Fact]
    public async Task In_block_mode_a_message_with_a_secret_closes_with_1008_and_is_not_sent()
    {
        await using var proxy = await StartAsync(new DlpSettings { Secrets = DlpMode.Block });
        var path = $"/ws/{Guid.NewGuid():N}";
        using var socket = await ConnectAsync(proxy, Url(path));

        await SendTextAsync(socket, "clean first");
        _ = await ReceiveAsync(socket);
        await SendTextAsync(socket, "token " + TestSecrets.GitHubPat);
        var closed = await ReceiveAsync(socket);

        Assert.Equal((WebSocketCloseStatus)1008, socket.CloseStatus);
        Assert.Equal(WebSocketMessageType.Close, closed.Type);
        Assert.Equal(["clean first"], MessagesTo(path).Where(m => m.Kind == "text").Select(m => m.Text));
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.False(line.Allowed);
        Assert.Contains("a WebSocket message carried a secret", line.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.GitHubPat, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unlisted_host_is_refused_before_any_upgrade()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "other.test\n", adjust: o => o with { Dlp = DlpSettings.Default });
        var before = upstream.Requests;

        await Assert.ThrowsAnyAsync<WebSocketException>(() => ConnectAsync(proxy, Url("/ws/refused")));

        Assert.Equal(before, upstream.Requests);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 403), (line.Allowed, line.Status));
    }
}
