using System.Net.WebSockets;
using System.Text;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// One order for DLP and the credential swap, over HTTP and inside WebSocket messages, through the real proxy (curl and
/// ClientWebSocket, TLS interception, the Kestrel upstream): the same value in an HTTP body and in a message arrives
/// alike and is recorded alike (rule, hash, count), both ways. Toward the client: DLP, then a bound host's real value
/// back to its sentinel (a value a rule knows by shape arrives redacted and recorded; any other as the sentinel).
/// </summary>
public sealed class WebSocketMessageOrderTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private static string Url(string path) => $"https://{UpstreamServer.Name}{path}";

    public static TheoryData<string> Keys => ["anthropic", "plain"];

    private static ProxyCredential Bound(string key) =>
        ProxyCredential.Create("TEST_API_KEY", key == "anthropic" ? TestCredentials.AnthropicKey() : TestCredentials.PlainKey(), [UpstreamServer.Name]);

    private Task<ProxyUnderTest> StartAsync(ProxyCredential credential) =>
        ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Dlp = DlpSettings.Default, Credentials = [credential] });

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_credential_echoed_in_a_message_arrives_and_is_recorded_as_in_an_http_response_body(string key)
    {
        Prerequisite.RequireCommand("curl");
        var credential = Bound(key);
        await using var proxy = await StartAsync(credential);
        var auth = "Bearer " + credential.Sentinel; // the upstream gets the real value and answers it

        var http = await proxy.CurlAsync("-H", "Authorization: " + auth, "--data-binary", "auth?", Url("/say"));
        using var socket = await ConnectAsync(proxy, "wss://" + UpstreamServer.Name + $"/ws/{Guid.NewGuid():N}", o => o.SetRequestHeader("Authorization", auth));
        await SendTextAsync(socket, "auth?");
        var message = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        Assert.True(http.ExitCode == 0, http.StandardError);
        Assert.Equal(http.StandardOutput, message.Text);
        Assert.Equal(key == "anthropic" ? "Bearer [REDACTED_ANTHROPIC-API-KEY]" : auth, message.Text);
        var lines = await proxy.LogLinesAsync(2);
        var (overHttp, overWebSocket) = (Found(lines, 200, "response-body"), Found(lines, 101, "websocket-response-text"));
        Assert.Equal(overHttp, overWebSocket);
        Assert.Equal(key == "anthropic" ? 1 : 0, overWebSocket.Count);
        Assert.DoesNotContain(credential.Value, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_to_the_server_arrives_and_is_recorded_as_an_http_request_body()
    {
        Prerequisite.RequireCommand("curl");
        var credential = Bound("anthropic");
        await using var proxy = await StartAsync(credential);
        var said = $"token {TestSecrets.GitHubPat} and the sentinel {credential.Sentinel}"; // a sentinel in a body stays one
        var (recorded, path) = ($"/record/{Guid.NewGuid():N}", $"/ws/{Guid.NewGuid():N}");

        var http = await proxy.CurlAsync("-H", "Content-Type: text/plain", "--data-binary", said, Url(recorded));
        using var socket = await ConnectAsync(proxy, "wss://" + UpstreamServer.Name + path);
        await SendTextAsync(socket, said);
        _ = await ReceiveAsync(socket);
        await socket.SendAsync(Encoding.UTF8.GetBytes(said), WebSocketMessageType.Binary, true, TestTimeout());
        _ = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        Assert.True(http.ExitCode == 0, http.StandardError);
        var body = UpstreamServer.Text(Assert.Single(upstream.Received, r => r.Target == recorded).Body);
        Assert.Equal($"token [REDACTED_GITHUB-PAT] and the sentinel {credential.Sentinel}", body);
        Assert.All(upstream.WebSocketMessages.Where(m => m.Target == path && m.Kind != "close"), m => Assert.Equal(body, m.Text));
        var lines = await proxy.LogLinesAsync(2);
        var overHttp = Found(lines, 200, "body");
        Assert.Single(overHttp);
        Assert.Equal(overHttp, Found(lines, 101, "websocket-text"));
        Assert.Equal(overHttp, Found(lines, 101, "websocket-binary"));
    }

    [Theory]
    [InlineData("anthropic", 12)]
    [InlineData("anthropic", 60)]
    [InlineData("anthropic", 110)]
    [InlineData("plain", 12)]
    [InlineData("plain", 40)]
    public async Task A_real_credential_the_server_splits_across_two_messages_never_reaches_the_client_whole_or_in_part(string key, int at)
    {
        var credential = Bound(key);
        await using var proxy = await StartAsync(credential);
        using var socket = await ConnectAsync(proxy, "wss://" + UpstreamServer.Name + $"/ws/{Guid.NewGuid():N}",
            o => o.SetRequestHeader("Authorization", credential.Sentinel));

        // "token: " and the real value's first characters (DLP may take them for a key), then its rest
        await SendTextAsync(socket, $"auth-split:{at}");
        var seen = (await ReceiveAsync(socket)).Text + (await ReceiveAsync(socket)).Text;
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());

        CredentialAssert.NoPieceIn(credential, seen);
        Assert.StartsWith("token: ", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Value, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    /// <summary>What the line of <paramref name="status"/> recorded at <paramref name="where"/>: rule, hash and count.</summary>
    private static List<(string Rule, string Hash, int Count)> Found(IReadOnlyList<NetworkLogEntry> lines, int status, string where) =>
        [.. lines.Single(l => l.Status == status).Scrubbed.Where(s => s.Where == where).Select(s => (s.Rule, s.Hash, s.Count)).Order()];
}
