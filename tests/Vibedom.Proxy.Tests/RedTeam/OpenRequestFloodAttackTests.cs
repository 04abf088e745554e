using System.Net;
using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Hosting;
using Vibedom.Proxy.Tests.Hosting;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Proxy.Tests.WebSockets;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.RedTeam;

/// <summary>
/// Red team s26: every request the agent opens and leaves stalled cost the proxy (on the host, outside the sandbox's
/// memory limit) about 80 KiB, and nothing capped their number: not the connections, not the HTTP/2 streams. Now
/// <c>[limits] connections</c> bounds both; past it a new one gets 503 <c>connection-limit</c>, and a place frees as soon
/// as one ends.
/// </summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class OpenRequestFloodAttackTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const int Limit = 32;
    private const int Flood = 400;

    [Fact]
    public async Task A_flood_of_stalled_requests_is_refused_past_the_limit_holds_bounded_memory_and_requests_work_once_it_ends()
    {
        var diagnostics = new RecordingDiagnostics();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { ConnectionLimit = Limit, Diagnostics = diagnostics });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clients = new List<TcpClient?>();
        try
        {
            // each declares an 8 MiB body and sends none of it (the old code held all 400, about 80 KiB each)
            for (var i = 0; i < Flood; i++)
            {
                var client = await OpenStalledAsync(proxy, i);
                Assert.True(client is not null || i >= 2 * Limit, $"connection {i} was reset: only those past twice the limit are closed unanswered");
                clients.Add(client);
            }

            var grew = await ProxyMemoryProbe.SettledGrowthAsync(before);
            var answers = await Task.WhenAll(clients.Select(c => c is null ? Task.FromResult<string?>(string.Empty) : AnswerAsync(c)));
            TestContext.Current.TestOutputHelper?.WriteLine($"{Flood} stalled requests, limit {Limit}: the heap grew {grew >> 10} KiB");

            Assert.Equal(Limit, answers.Count(a => a is null)); // held: the requests under way
            var refused = answers.Count(a => a is not null && a.StartsWith("HTTP/1.1 503", StringComparison.Ordinal));
            Assert.True(refused >= Limit, $"{refused} answered 503");
            Assert.All(answers.Where(a => a is not null), a => Assert.True(
                a!.Length == 0 || (a.Contains($"{ProxyRequestHandler.DeniedHeader}: connection-limit\r\n", StringComparison.Ordinal)
                    && a.Contains("vibedom: 32 connections to the proxy are open, its limit ([limits] connections)", StringComparison.Ordinal)), a));
            Assert.True(grew < 12L << 20, $"the proxy holds {grew >> 10} KiB for {Flood} stalled requests");
        }
        finally
        {
            clients.ForEach(c => c?.Dispose());
        }

        // once the flood ends, its places free at once: the next request goes through
        string? status = null;
        for (var i = 0; i < 50 && status != "200"; i++)
        {
            status = (await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", $"http://{UpstreamServer.Name}/hello")).StandardOutput.Trim();
        }

        Assert.Equal("200", status);
        var lines = await proxy.LogLinesAsync(1);
        var refusals = lines.Where(l => l.Reason.Contains("[limits] connections", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refusals);
        Assert.True(refusals.Count < Flood - Limit, $"{refusals.Count} lines: repeated refusals are folded");
        Assert.Equal(Flood - Limit, refusals.Sum(l => l.Repeated ?? 1));
        Assert.Equal(
            "32 connections reached the proxy's limit ([limits] connections): further ones are refused (503 connection-limit, in network.jsonl) until one ends; said once",
            Assert.Single(diagnostics.Reports, r => r.EventId == 5013).Message);
    }

    [Fact]
    public async Task Http2_streams_past_the_limit_on_one_connection_are_refused_and_those_under_it_are_served()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { ConnectionLimit = Limit });
        upstream.ResetSse();
        using var client = StreamingTests.Client(proxy);
        using var first = await client.SendAsync(Get(), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpVersion.Version20, first.Version);

        // held open by the upstream (an event stream that waits), all on the one HTTP/2 connection: 10 more than the limit
        var held = await Task.WhenAll(Enumerable.Range(1, Limit + 9).Select(_ => client.SendAsync(Get(), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken)));
        try
        {
            Assert.Equal(Limit, held.Count(r => r.StatusCode == HttpStatusCode.OK) + 1);
            Assert.All(held.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
                Assert.Equal("connection-limit", r.Headers.GetValues(ProxyRequestHandler.DeniedHeader).Single());
            });
        }
        finally
        {
            upstream.ReleaseSse();
            foreach (var response in held)
            {
                response.Dispose();
            }
        }
    }

    private static HttpRequestMessage Get() =>
        new(HttpMethod.Get, $"https://{UpstreamServer.Name}/sse") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    /// <summary>What the proxy answered on this connection before it closed it; null when it is still open (the request held).</summary>
    /// <summary>
    /// A connection that declares a body and sends none of it; null when the proxy reset it first. Past twice the limit the
    /// proxy closes a connection unanswered, and on a loaded machine that reset can reach the client before its own
    /// connect or write has completed (CI, session 29).
    /// </summary>
    private static async Task<TcpClient?> OpenStalledAsync(ProxyUnderTest proxy, int i)
    {
        TcpClient? client = null;
        try
        {
            client = await ProxyMemoryProbe.ConnectAsync(proxy);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
                $"POST http://{UpstreamServer.Name}/sink?stalled={i} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nContent-Length: {8 << 20}\r\n\r\n"),
                TestContext.Current.CancellationToken);
            return client;
        }
        catch (Exception e) when (e is IOException or SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            client?.Dispose();
            return null;
        }
    }

    private static async Task<string?> AnswerAsync(TcpClient client)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(5));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await client.GetStream().ReadAsync(buffer, wait.Token)) > 0)
            {
                answer.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return answer.Length == 0 ? null : Encoding.ASCII.GetString(answer.ToArray());
        }
        catch (IOException)
        {
        }

        return Encoding.ASCII.GetString(answer.ToArray());
    }
}
