using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;
using static Vibedom.Proxy.Tests.Dlp.DlpUnderTest;

namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>
/// DLP in the real proxy (real curl, real TLS, a loopback upstream that records what it receives): the upstream
/// receives the redacted form and never the original, in every place and framing; clean bodies arrive byte-identical.
/// </summary>
public sealed class DlpProxyTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>, IDisposable
{
    private const string Allowlist = "upstream.test\n";

    private readonly TempDirectory _files = new("vibedom-dlp");

    public void Dispose() => _files.Dispose();

    private static Task<ProxyUnderTest> StartAsync(UpstreamServer upstream, DlpSettings? settings = null) =>
        ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with { Dlp = settings ?? DlpSettings.Default });

    private string Url(string path) => $"https://{UpstreamServer.Name}{path}";

    /// <summary>Sends, then returns what the upstream received for the one request whose target starts with <paramref name="target"/>.</summary>
    private ReceivedRequest Received(string target) => Assert.Single(upstream.Received, r => r.Target.StartsWith(target, StringComparison.Ordinal));

    [Fact]
    public async Task Upstream_receives_the_redacted_form_of_a_secret_in_the_query_and_a_header()
    {
        await using var proxy = await StartAsync(upstream);
        var id = Guid.NewGuid().ToString("N");

        var result = await proxy.CurlAsync("-H", $"X-Token: {Aws}", Url($"/record/{id}?key={Aws}&{Aws}=v"));

        Assert.Equal(0, result.ExitCode);
        var received = Received($"/record/{id}");
        Assert.DoesNotContain(Aws, received.AllText, StringComparison.Ordinal);
        Assert.Contains("[REDACTED_", received.Headers["x-token"], StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "query");
        Assert.Contains(line.Scrubbed, s => s.Where == "header:x-token");
    }

    [Fact]
    public async Task A_header_whose_name_holds_a_secret_never_reaches_the_upstream()
    {
        await using var proxy = await StartAsync(upstream);
        var pat = TestSecrets.GitHubPat;
        var id = Guid.NewGuid().ToString("N");

        var result = await proxy.CurlAsync("-H", $"X-{pat}: 1", "-H", "X-Clean: ok", Url($"/record/{id}"));

        Assert.Equal(0, result.ExitCode);
        var received = Received($"/record/{id}");
        Assert.DoesNotContain(pat, received.AllText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(received.Headers.Keys, name => name.Contains(pat, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("ok", received.Headers["x-clean"]);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == DlpRequestTransform.HeaderNameWhere);
        Assert.DoesNotContain(pat, File.ReadAllText(proxy.NetworkLogPath), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_gzip_upload_arrives_decoded_scrubbed_and_as_identity()
    {
        await using var proxy = await StartAsync(upstream);
        var file = _files.Combine("body.gz");
        File.WriteAllBytes(file, Gzip($"{{\"prompt\":\"my key is {Aws}\"}}\n"));
        var id = Guid.NewGuid().ToString("N");

        await proxy.CurlAsync("-H", "Content-Encoding: gzip", "-H", "Content-Type: application/json", "--data-binary", "@" + file, Url($"/record/{id}"));

        var received = Received($"/record/{id}");
        var body = Encoding.UTF8.GetString(received.Body);
        Assert.StartsWith("{\"prompt\":\"my key is [REDACTED_", body, StringComparison.Ordinal);
        Assert.False(received.Headers.ContainsKey("content-encoding"));
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["content-length"]);
    }

    [Fact]
    public async Task A_600_KiB_octet_stream_body_with_the_secret_near_its_end_arrives_redacted_with_an_exact_length()
    {
        await using var proxy = await StartAsync(upstream);
        var file = _files.Combine("blob.bin");
        var padding = new byte[600 * 1024];
        new Random(7).NextBytes(padding);
        File.WriteAllBytes(file, [.. padding, .. Encoding.ASCII.GetBytes($"\nAWS_ACCESS_KEY_ID={Aws}\n"), .. new byte[100]]);
        var id = Guid.NewGuid().ToString("N");

        await proxy.CurlAsync("-H", "Content-Type: application/octet-stream", "--data-binary", "@" + file, Url($"/record/{id}"));

        var received = Received($"/record/{id}");
        Assert.DoesNotContain(Aws, received.AllText, StringComparison.Ordinal);
        Assert.Contains("[REDACTED_", Encoding.Latin1.GetString(received.Body), StringComparison.Ordinal);
        Assert.Equal(padding, received.Body[..padding.Length]);
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["content-length"]);
    }

    [Fact]
    public async Task A_chunked_upload_streams_through_and_arrives_redacted()
    {
        await using var proxy = await StartAsync(upstream);
        var file = _files.Combine("chunked.txt");
        File.WriteAllText(file, string.Concat(Enumerable.Repeat("some ordinary text line\n", 20_000)) + $"key={Aws}\n");
        var id = Guid.NewGuid().ToString("N");

        await proxy.CurlAsync("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, Url($"/record/{id}"));

        var received = Received($"/record/{id}");
        Assert.DoesNotContain(Aws, received.AllText, StringComparison.Ordinal);
        Assert.Matches(@"\nkey=\[REDACTED_[A-Z0-9-]+\]\n$", Encoding.UTF8.GetString(received.Body));
        Assert.Contains(Assert.Single(await proxy.LogLinesAsync(1)).Scrubbed, s => s.Where == "body");
    }

    [Fact]
    public async Task Clean_bodies_arrive_byte_identical_buffered_or_streamed_compressed_or_not()
    {
        await using var proxy = await StartAsync(upstream);
        var bytes = new byte[5 * 1024 * 1024]; // above the buffering bound: streamed
        new Random(11).NextBytes(bytes);
        var big = _files.Combine("big.bin");
        File.WriteAllBytes(big, bytes);
        var text = _files.Combine("clean.json");
        File.WriteAllText(text, "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"sha\":\"2dc037e9a1b3c4d5e6f708192a3b4c5d6e7f8091\",\"version\":\"10.0.12\",\"order\":\"4111111111111112\"}\n");
        var gz = _files.Combine("clean.gz");
        File.WriteAllBytes(gz, Gzip(File.ReadAllText(text)));
        var (a, b, c) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));

        await proxy.CurlAsync("--data-binary", "@" + big, Url($"/record/{a}"));
        await proxy.CurlAsync("-H", "Content-Type: application/json", "--data-binary", "@" + text, Url($"/record/{b}"));
        await proxy.CurlAsync("-H", "Content-Encoding: gzip", "--data-binary", "@" + gz, Url($"/record/{c}"));

        Assert.Equal(bytes, Received($"/record/{a}").Body);
        Assert.Equal(File.ReadAllBytes(text), Received($"/record/{b}").Body);
        Assert.Equal(File.ReadAllBytes(gz), Received($"/record/{c}").Body);
        Assert.Equal("gzip", Received($"/record/{c}").Headers["content-encoding"]);
    }

    [Fact]
    public async Task Block_mode_answers_403_naming_the_rule_and_the_upstream_sees_nothing()
    {
        await using var proxy = await StartAsync(upstream, new DlpSettings { Secrets = DlpMode.Block });
        var before = upstream.Requests;

        var result = await proxy.CurlAsync("-i", "--data-binary", $"key={Aws}", Url("/record/blocked"));

        Assert.Matches("^HTTP/(2|1.1) 403", result.StandardOutput);
        Assert.Contains("x-vibedom-denied: dlp:", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Aws, result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, upstream.Requests);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal((false, 403), (line.Allowed, line.Status));
        Assert.NotEmpty(line.Scrubbed);
    }

    [Fact]
    public async Task A_secret_in_a_text_response_is_scrubbed_before_the_agent_reads_it()
    {
        // the request carries the value unchanged (log mode); the upstream repeats it in a text answer
        await using var proxy = await StartAsync(upstream, new DlpSettings { Secrets = DlpMode.Log });

        var result = await proxy.CurlAsync("-H", $"X-Token: {Aws}", Url("/headers"));

        Assert.Contains($"X-Token: {Aws}", upstream.LastHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Aws, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("X-Token: [REDACTED_", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Accept-Encoding: identity", upstream.LastHeaders, StringComparison.OrdinalIgnoreCase);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "response-body");
        Assert.Contains(line.Scrubbed, s => s.Where == "header:x-token");
    }

    [Fact]
    public async Task Secrets_in_response_headers_arrive_redacted_and_the_audit_holds_no_value()
    {
        // the request carries the values unchanged (log mode); the upstream answers with them in its headers
        await using var proxy = await StartAsync(upstream, new DlpSettings { Secrets = DlpMode.Log });

        var result = await proxy.CurlAsync("-i", "-H", $"x-reflect-Location: https://{UpstreamServer.Name}/next?key={Aws}",
            "-H", $"x-reflect-X-Leak: {Aws}", Url("/reflect"));

        Assert.Contains($"key={Aws}", upstream.LastHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain(Aws, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Location: https://{UpstreamServer.Name}/next?key=[REDACTED_", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Leak: [REDACTED_", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains(line.Scrubbed, s => s.Where == "response-header:location");
        Assert.Contains(line.Scrubbed, s => s.Where == "response-header:x-leak");
        Assert.DoesNotContain(Aws, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_off_relays_response_headers_unchanged()
    {
        await using var proxy = await StartAsync(upstream, new DlpSettings { Secrets = DlpMode.Log, Responses = DlpResponseMode.Off });

        var result = await proxy.CurlAsync("-i", "-H", $"x-reflect-X-Leak: {Aws}", Url("/reflect"));

        Assert.Contains($"x-leak: {Aws}", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cookie_value_is_relayed_and_recorded_while_the_rest_of_set_cookie_is_scrubbed()
    {
        await using var proxy = await StartAsync(upstream, new DlpSettings { Secrets = DlpMode.Log });

        var result = await proxy.CurlAsync("-i", "-H", $"x-reflect-Set-Cookie: session={Aws}; Path=/{Aws}; HttpOnly", Url("/reflect"));

        Assert.Contains($"set-cookie: session={Aws}; Path=/[REDACTED_", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("; HttpOnly", result.StandardOutput.Split('\n').Single(l => l.StartsWith("set-cookie", StringComparison.OrdinalIgnoreCase)).TrimEnd('\r'), StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(2, line.Scrubbed.Where(s => s.Where == "response-header:set-cookie").Sum(s => s.Count));
        Assert.DoesNotContain(Aws, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_responses_headers_arrive_byte_identical()
    {
        string[] sent = ["Location: /next?page=2&sort=a%20b", "X-Custom:  spaced   value ;, with=odd \"chars\"", "Set-Cookie: sid=abc123; Path=/; HttpOnly"];
        await using var scrubbing = await StartAsync(upstream);
        await using var plain = await StartAsync(upstream, new DlpSettings { Responses = DlpResponseMode.Off });
        string[] arguments = ["-s", "-D", "-", "-o", "/dev/null", "--http1.1", .. sent.SelectMany(h => new[] { "-H", "x-reflect-" + h }), Url("/reflect")];

        var through = await scrubbing.CurlAsync(arguments);
        var without = await plain.CurlAsync(arguments);

        Assert.Equal(3, Reflected(without.StandardOutput).Length);
        Assert.Equal(Reflected(without.StandardOutput), Reflected(through.StandardOutput));
        Assert.Contains("location: /next?page=2&sort=a%20b\r\n", through.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("set-cookie: sid=abc123; Path=/; HttpOnly\r\n", through.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Assert.Single(await scrubbing.LogLinesAsync(1)).Scrubbed);

        // the reflected headers as they arrive, byte for byte (DLP changes the body's framing, not these)
        static string[] Reflected(string text) =>
            [.. text.Split("\r\n").Where(l => ((string[])["location:", "x-custom:", "set-cookie:"]).Any(n => l.StartsWith(n, StringComparison.OrdinalIgnoreCase)))];
    }

    [Fact]
    public async Task Sse_through_dlp_still_streams_event_by_event()
    {
        await using var proxy = await StartAsync(upstream);
        upstream.ResetSse();
        using var client = Hosting.StreamingTests.Client(proxy);

        // the upstream sends its first event and waits for the test to have read it: buffering would never get there
        using var response = await client.GetAsync(Url("/sse"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);
        var first = await reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        upstream.ReleaseSse();
        var rest = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.Equal("data: first", first);
        Assert.Equal("\ndata: last\n\n", rest);
    }
}
