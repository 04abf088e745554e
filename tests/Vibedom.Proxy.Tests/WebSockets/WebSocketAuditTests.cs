using System.Net.WebSockets;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Infrastructure.WebSocketClient;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>What a long-lived WebSocket's messages bring reaches network.jsonl while it is open, not only at its close.</summary>
public sealed class WebSocketAuditTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    [Fact]
    public async Task A_finding_in_a_message_is_written_while_the_connection_stays_open_and_the_final_line_keeps_the_totals()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Dlp = DlpSettings.Default });
        var path = $"/ws/{Guid.NewGuid():N}";
        var pat = TestSecrets.GitHubPat;
        using var socket = await ConnectAsync(proxy, $"wss://{UpstreamServer.Name}{path}");

        await SendTextAsync(socket, "token " + pat);
        _ = await ReceiveAsync(socket);
        var part = await PartLineAsync(proxy, 1);
        await SendTextAsync(socket, "email me at someone@example.org or " + TestSecrets.AwsAccessKeyId);
        _ = await ReceiveAsync(socket);
        var second = await PartLineAsync(proxy, 2); // within the batch delay of the first: written when it is over

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal((true, 101), (part.Allowed, part.Status));
        Assert.Contains("1 message(s) with findings", part.Reason, StringComparison.Ordinal);
        Assert.Equal(("websocket-text", 1), (Assert.Single(part.Scrubbed).Where, part.Scrubbed[0].Count));
        Assert.Equal(2, second.Scrubbed.Count); // only what came since the first line
        Assert.True(second.BytesOut > part.BytesOut, $"{second.BytesOut} after {part.BytesOut}");

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, TestTimeout());
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(3, line.Scrubbed.Count);
        Assert.Equal(part.Timestamp, line.Timestamp); // the same exchange
        var log = File.ReadAllText(proxy.NetworkLogPath);
        Assert.DoesNotContain(pat, log, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.AwsAccessKeyId, log, StringComparison.Ordinal);
    }

    /// <summary>The <paramref name="n"/>th line written for an open connection (a bound, not a timing).</summary>
    private static async Task<NetworkLogEntry> PartLineAsync(ProxyUnderTest proxy, int n)
    {
        for (var i = 0; i < 400; i++)
        {
            var parts = proxy.AllLogLines().Where(l => l.Phase == NetworkLogEntry.PhaseMessages).ToList();
            if (parts.Count >= n)
            {
                return parts[n - 1];
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"no line {n} was written while the WebSocket was open");
        return null!;
    }
}
