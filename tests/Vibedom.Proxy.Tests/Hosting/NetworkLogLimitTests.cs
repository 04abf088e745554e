using System.Collections.Concurrent;
using System.Net;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// <c>[limits] network_log</c> against a hostile agent: it floods the proxy over many connections at once, with the
/// longest paths a request line may carry, allowed and refused mixed; the log stays within its limit plus one line,
/// egress stops with a refusal that names the limit, and every request that was forwarded has both its lines.
/// </summary>
public sealed class NetworkLogLimitTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const long Limit = 256 * 1024;

    [Fact]
    public async Task A_flood_over_parallel_connections_fills_the_log_to_its_limit_then_every_request_is_refused_and_nothing_forwarded_is_lost()
    {
        var diagnostics = new RecordingDiagnostics();
        var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { NetworkLogLimit = Limit, Diagnostics = diagnostics });
        var answers = new ConcurrentBag<(string Path, int Status, string? Rule)>();
        try
        {
            using var handler = new SocketsHttpHandler { Proxy = new WebProxy(proxy.ProxyUrl), UseProxy = true, MaxConnectionsPerServer = 64 };
            using var client = new HttpClient(handler);
            // 16 connections at once; a request line of almost 16 KiB (the longest the proxy takes) every fourth request
            await Parallel.ForEachAsync(Enumerable.Range(0, 16), TestContext.Current.CancellationToken, async (worker, cancel) =>
            {
                var refusedSince = 0;
                for (var i = 0; i < 400 && refusedSince < 5; i++)
                {
                    var path = $"/w{worker}-{i}/" + new string('p', i % 4 == 0 ? 15_000 : 600);
                    var host = i % 2 == 0 ? UpstreamServer.Name : "denied.test";
                    using var response = await client.GetAsync(new Uri($"http://{host}{path}"), cancel);
                    var rule = response.Headers.TryGetValues("X-Vibedom-Denied", out var denied) ? denied.Single() : null;
                    answers.Add((host + path, (int)response.StatusCode, rule));
                    refusedSince += rule == "audit-log-full" ? 1 : 0;
                }
            });

            Assert.Contains("256 KiB", proxy.Handle.NetworkLogLimitReached, StringComparison.Ordinal);
            Assert.False(proxy.Handle.AuditLogHealthy);
            var full = await diagnostics.WaitForAsync(5011);
            Assert.Equal("ERROR", full.LevelName);
            Assert.Contains("reached its limit of 256 KiB ([limits] network_log); egress is refused from now on", full.Message, StringComparison.Ordinal);
            var refusal = await client.GetAsync(new Uri($"http://{UpstreamServer.Name}/hello"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.StatusCode);
            Assert.Equal("audit-log-full", refusal.Headers.GetValues("X-Vibedom-Denied").Single());
            Assert.Contains("network.jsonl reached its limit of 256 KiB", await refusal.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await proxy.Handle.DisposeAsync();
        }

        try
        {
            AssertWithinLimit(proxy.NetworkLogPath);
            var lines = proxy.AllLogLines();
            Assert.Single(lines, l => l.Reason.StartsWith("network.jsonl reached its limit of 256 KiB ([limits] network_log)", StringComparison.Ordinal));
            var forwarded = answers.Where(a => a.Rule is null).ToList();
            Assert.NotEmpty(forwarded);
            Assert.Contains(answers, a => a.Rule == "audit-log-full");
            foreach (var (url, _, _) in forwarded)
            {
                // both its lines: the one before forwarding and its final one (the reserve holds the final lines)
                Assert.Equal(2, lines.Count(l => l.Url == "http://" + url));
            }
        }
        finally
        {
            proxy.Directory.Dispose();
        }
    }

    [Fact]
    public async Task A_request_under_way_when_the_log_fills_gets_its_final_line_and_the_close_counts_the_refused()
    {
        upstream.ResetSse();
        var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { NetworkLogLimit = Limit });
        try
        {
            using var handler = new SocketsHttpHandler { Proxy = new WebProxy(proxy.ProxyUrl), UseProxy = true };
            using var client = new HttpClient(handler);
            var stream = await client.GetAsync(new Uri($"http://{UpstreamServer.Name}/sse"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);

            var refused = 0;
            for (var i = 0; i < 1000 && proxy.Handle.NetworkLogLimitReached is null; i++)
            {
                using var denied = await client.GetAsync(new Uri($"http://denied.test/{i}/" + new string('d', 15_000)), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            }

            for (; refused < 20; refused++)
            {
                using var after = await client.GetAsync(new Uri($"http://denied.test/after{refused}"), TestContext.Current.CancellationToken);
                Assert.Equal("audit-log-full", after.Headers.GetValues("X-Vibedom-Denied").Single());
            }

            upstream.ReleaseSse();
            await stream.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            stream.Dispose();
            await proxy.Handle.DisposeAsync();

            AssertWithinLimit(proxy.NetworkLogPath);
            var lines = proxy.AllLogLines();
            var sse = lines.Where(l => l.Url == $"http://{UpstreamServer.Name}/sse").ToList();
            Assert.Equal([NetworkLogEntry.PhaseForwarding, null], sse.Select(l => l.Phase));
            Assert.Equal(200, sse[1].Status);
            Assert.DoesNotContain(lines, l => l.Url.Contains("/after", StringComparison.Ordinal));
            Assert.Equal("network.jsonl full: 20 request(s) refused (503 audit-log-full) since its limit was reached", lines[^1].Reason);
        }
        finally
        {
            upstream.ReleaseSse();
            proxy.Directory.Dispose();
        }
    }

    [Fact]
    public async Task A_retry_loop_of_one_refused_request_costs_two_lines_and_keeps_its_count()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false);
        using var handler = new SocketsHttpHandler { Proxy = new WebProxy(proxy.ProxyUrl), UseProxy = true };
        using var client = new HttpClient(handler);

        for (var i = 0; i < 300; i++)
        {
            using var denied = await client.GetAsync(new Uri("http://denied.test/retry"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var lines = (await proxy.LogLinesAsync(2)).Where(l => l.Url == "http://denied.test/retry").ToList();
        Assert.InRange(lines.Count, 2, 4); // one window of 10 s, or two on a slow machine
        Assert.Equal(300, lines.Sum(l => l.Repeated ?? 1));
    }

    /// <summary>The file is within the limit plus its longest line, and whole lines of JSON.</summary>
    private static void AssertWithinLimit(string path)
    {
        var bytes = new FileInfo(path).Length;
        var longest = File.ReadLines(path).Max(l => System.Text.Encoding.UTF8.GetByteCount(l) + 1);
        Assert.True(bytes <= Limit + longest, $"{bytes} bytes, limit {Limit}, longest line {longest}");
        Assert.True(bytes >= Limit * 7 / 8, $"{bytes} bytes: filled before the bound");
        Assert.EndsWith("}\n", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
