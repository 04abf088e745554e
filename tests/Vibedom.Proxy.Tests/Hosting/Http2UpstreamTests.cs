using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// What the proxy's HTTP/2 client sends an upstream while it relays an answer, seen frame by frame
/// (<see cref="RawHttp2Server"/>): a 60 KB answer is read without a WINDOW_UPDATE for its stream, so relaying it costs
/// no write through the connection's writer loop (at the default 64 KiB window it took one).
/// </summary>
public sealed class Http2UpstreamTests(UpstreamServer upstream, RawHttp2Server h2) : IClassFixture<UpstreamServer>, IClassFixture<RawHttp2Server>
{
    private const byte WindowUpdate = 8, Headers = 1;

    [Fact]
    public async Task A_60_KB_answer_is_relayed_without_a_window_update_for_its_stream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, RawHttp2Server.Name + "\n", adjust: o => o with
        {
            UpstreamCaFiles = [.. o.UpstreamCaFiles, h2.CaPemPath],
            Hosts = new Dictionary<string, string>(o.Hosts) { [RawHttp2Server.Name] = $"127.0.0.1:{h2.Port}" },
        });
        using var client = StreamingTests.Client(proxy);

        // the whole body reaches the client while the upstream still holds its stream open: every byte was read by the
        // proxy from a live stream, so any window update it meant to send was queued before the next request's HEADERS
        using (var first = await client.GetAsync($"https://{RawHttp2Server.Name}/held", HttpCompletionOption.ResponseHeadersRead, ct))
        {
            await using var body = await first.Content.ReadAsStreamAsync(ct);
            await body.ReadExactlyAsync(new byte[RawHttp2Server.HeldBodyLength], ct);
            h2.ReleaseFirstStream();
            Assert.Equal(0, await body.ReadAsync(new byte[1], ct));
        }

        using var second = await client.GetAsync($"https://{RawHttp2Server.Name}/next", ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, second.StatusCode);

        var frames = h2.Received.ToArray();
        var next = Array.FindIndex(frames, f => f.Type == Headers && f.Stream == 3);
        Assert.True(next > 0, "the second request did not reach the upstream on the same connection as stream 3");
        var updates = frames[..next].Count(f => f.Type == WindowUpdate && f.Stream == 1);
        Assert.Equal(0, updates);
    }
}
