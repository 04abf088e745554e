using System.Collections.Concurrent;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// Transforms in the real proxy (real curl, real TLS, real upstream): they see every exchange, CONNECT included,
/// may change the request before it leaves, may stop it (nothing reaches the upstream), and what they report
/// lands in the exchange's one network.jsonl line.
/// </summary>
public sealed class TransformTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "upstream.test\n";

    [Fact]
    public async Task A_transform_that_stops_a_request_answers_its_status_and_rule_and_the_upstream_sees_nothing()
    {
        Prerequisite.RequireCommand("curl");
        var block = new DelegateTransform(e =>
        {
            if (e.Http?.Request.Path == "/echo")
            {
                e.Stop(PolicyDecision.Deny("dlp-test", 403, "secret in body"));
            }
        });
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with { RequestTransforms = [block] });
        var before = upstream.Requests;

        var result = await proxy.CurlAsync("-i", "--data-binary", "payload", $"https://{UpstreamServer.Name}/echo");

        Assert.Matches("^HTTP/(2|1.1) 403", result.StandardOutput);
        Assert.Contains("x-vibedom-denied: dlp-test", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("vibedom: secret in body\n", result.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 403, "secret in body", 0L), (line.Allowed, line.Status, line.Reason, line.BytesOut));
        Assert.DoesNotContain(proxy.AllLogLines(), l => l.Phase is not null); // nothing was announced: nothing left
        Assert.Equal(before, upstream.Requests);
    }

    [Fact]
    public async Task A_transform_that_throws_refuses_the_request_records_it_and_reports_it()
    {
        Prerequisite.RequireCommand("curl");
        var diagnostics = new RecordingDiagnostics();
        var broken = new DelegateTransform(e => _ = e.Http is null ? 0 : throw new FormatException("cannot parse the body"));
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false,
            adjust: o => o with { RequestTransforms = [broken], Diagnostics = diagnostics });
        var before = upstream.Requests;

        var result = await proxy.CurlAsync("-i", "--data-binary", "payload", $"http://{UpstreamServer.Name}/echo");

        Assert.StartsWith("HTTP/1.1 500", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("X-Vibedom-Denied: transform-failed", result.StandardOutput, StringComparison.Ordinal);
        // the body was never read: the connection ends with the answer, so none of its bytes is parsed as a next request
        Assert.Contains("Connection: close", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, upstream.Requests);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 500, "DelegateTransform failed (FormatException); the request was not forwarded"), (line.Allowed, line.Status, line.Reason));
        var reported = await diagnostics.WaitForAsync(5009);
        Assert.Equal(("ERROR", "a transform failed; POST http://upstream.test/echo was refused: DelegateTransform failed (FormatException); the request was not forwarded"),
            (reported.LevelName, reported.Message));
    }

    [Fact]
    public async Task A_client_that_hangs_up_while_a_transform_works_still_leaves_one_line_and_nothing_is_sent()
    {
        var hang = new HangingTransform();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false, adjust: o => o with { RequestTransforms = [hang] });
        var before = upstream.Requests;
        using var handler = new HttpClientHandler { Proxy = new System.Net.WebProxy(proxy.ProxyUrl), UseProxy = true };
        using var client = new HttpClient(handler);
        using var leave = new CancellationTokenSource();

        var request = client.GetAsync($"http://{UpstreamServer.Name}/hello", leave.Token);
        await hang.Entered.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await leave.CancelAsync(); // the agent hangs up while the transform still works
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 500, "HangingTransform was cancelled (the client left)"), (line.Allowed, line.Status, line.Reason));
        Assert.DoesNotContain(proxy.AllLogLines(), l => l.Phase is not null);
        Assert.Equal(before, upstream.Requests);
    }

    [Fact]
    public async Task What_a_transform_scrubbed_is_recorded_in_the_request_line()
    {
        Prerequisite.RequireCommand("curl");
        var scrub = new DelegateTransform(e => e.AddScrubbed(new ScrubbedItem("test-rule", "body", 1, "0123456789ab")));
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with { RequestTransforms = [scrub] });

        await proxy.CurlAsync("-o", "/dev/null", "--data-binary", "payload", $"https://{UpstreamServer.Name}/echo");

        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((true, 200, 7L, 7L), (line.Allowed, line.Status, line.BytesOut, line.BytesIn));
        Assert.Equal([new ScrubbedItem("test-rule", "body", 1, "0123456789ab")], line.Scrubbed);
    }

    [Fact]
    public async Task A_transform_sees_the_connect_and_then_each_request_and_its_header_change_reaches_the_upstream()
    {
        Prerequisite.RequireCommand("curl");
        var seen = new ConcurrentQueue<string>();
        var inject = new DelegateTransform(e =>
        {
            seen.Enqueue($"{e.Target.Method} {e.Target.Url} {(e.Http is null ? "no-request" : "request")}");
            if (e.Http?.Request.Headers["x-api-key"].ToString() == "sentinel")
            {
                e.Http.Request.Headers["x-api-key"] = "swapped";
            }
        });
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with { RequestTransforms = [inject] });

        var result = await proxy.CurlAsync("-H", "x-api-key: sentinel", $"https://{UpstreamServer.Name}/headers");

        Assert.Contains("x-api-key: swapped", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sentinel", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["CONNECT upstream.test:443 no-request", "GET https://upstream.test/headers request"], seen);
        Assert.Single(await proxy.LogLinesAsync(1)); // the tunnel's request has the line; the CONNECT none
    }

    [Fact]
    public async Task A_response_transform_sees_the_upstream_answer_and_can_stop_it_before_any_byte_reaches_the_client()
    {
        Prerequisite.RequireCommand("curl");
        var statuses = new ConcurrentQueue<int>();
        var inspect = new DelegateTransform(e =>
        {
            statuses.Enqueue((int)e.UpstreamResponse!.StatusCode);
            if (e.Http!.Request.Path == "/hello")
            {
                e.Stop(PolicyDecision.Deny("dlp-response", 403, "secret in response"));
            }
        });
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false, adjust: o => o with { ResponseTransforms = [inspect] });

        var blocked = await proxy.CurlAsync("-i", $"http://{UpstreamServer.Name}/hello");
        var passed = await proxy.CurlAsync($"http://{UpstreamServer.Name}/headers");

        Assert.StartsWith("HTTP/1.1 403", blocked.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("X-Vibedom-Denied: dlp-response", blocked.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("hello from upstream", blocked.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("host: upstream.test", passed.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([200, 200], statuses);
        var lines = await proxy.LogLinesAsync(2);
        Assert.Equal([(false, 403, "secret in response"), (true, 200, "allowlist: upstream.test (line 1)")], lines.Select(l => (l.Allowed, l.Status, l.Reason)));
    }
}
