using System.Net;
using System.Text;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Scanning.Redaction;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// What the proxy records and answers holds no secret (every field of network.jsonl, every reason), and a
/// request is forwarded only after its line is written.
/// </summary>
public sealed class RecordTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private static string Aws => TestSecrets.AwsAccessKeyId;

    private static void AssertNoSecret(string text, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"a secret is in: {text}");
        }
    }

    [Fact]
    public async Task No_field_of_network_log_and_no_reason_holds_a_secret()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\nother.test\n");
        var host = UpstreamServer.Name;
        var known = TestSecrets.DbPassword;
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("id:" + Aws));
        var percent = string.Concat(Encoding.UTF8.GetBytes(Aws).Select(b => $"%{b:X2}"));
        var answers = new StringBuilder();
        async Task CurlAsync(params string[] arguments) => answers.Append((await proxy.CurlAsync(["-i", .. arguments])).StandardOutput);

        await CurlAsync($"https://{host}/v1/key_{Aws}/x{TestSecrets.GitHubPat}9");          // glued in the path
        await CurlAsync($"https://{host}/q?{Aws}=1&key_{TestSecrets.StripeLiveKey}");        // query keys
        await CurlAsync("-X", Aws, $"https://{host}/hello");                                // the method
        await CurlAsync($"https://{host}/p/{percent}/{base64}/{Aws[..10]}/{Aws[10..]}");   // encoded, split across segments
        await CurlAsync($"https://{Aws}.example.com/");                                      // CONNECT host (denied)
        await CurlAsync($"http://{Aws.ToLowerInvariant()}.example.com/");                    // absolute-form host (denied)
        await CurlAsync("-k", "--connect-to", $"{Aws}.{host}:443:{host}:443", $"https://{Aws}.{host}/");  // SNI in a 421 reason
        await CurlAsync("-H", $"Host: {Aws}.{host}", $"https://{host}/hello");             // Host header in a 421 reason
        await CurlAsync("-H", $"X-{Aws}: 1", $"https://{host}/hello");                      // a header name
        await CurlAsync("--http1.1", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13",
            "-H", "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==", $"https://{host}/not-ws/{Aws}");  // a WebSocket path (the upstream answers 404); gitleaks:allow (RFC 6455 sample nonce)
        await CurlAsync($"https://{host}/v/{Uri.EscapeDataString(known)}");                 // a known value, percent-encoded

        var lines = await proxy.LogLinesAsync(11);
        Assert.True(lines.Count >= 11, $"{lines.Count} lines");
        var log = File.ReadAllText(proxy.NetworkLogPath);
        Assert.Contains("[REDACTED_aws-access-key-id:", log, StringComparison.Ordinal);
        Assert.Contains(UrlScrubber.SplitPath, log, StringComparison.Ordinal);
        AssertNoSecret(log, Aws, TestSecrets.GitHubPat, TestSecrets.StripeLiveKey, percent, base64);
        AssertNoSecret(answers.ToString(), Aws);
        Assert.Contains("421", answers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_known_to_be_secret_are_redacted_in_any_encoding()
    {
        Prerequisite.RequireCommand("curl");
        var known = new KnownSecrets();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { KnownSecrets = known });
        known.Add([TestSecrets.DbPassword]); // the pre-flight scan ends after the proxy starts

        await proxy.CurlAsync("-o", "/dev/null", $"https://{UpstreamServer.Name}/v/{Uri.EscapeDataString(TestSecrets.DbPassword)}");
        await proxy.CurlAsync("-o", "/dev/null", $"https://{UpstreamServer.Name}/v/{TestSecrets.DbPassword.ToUpperInvariant()}");

        var lines = await proxy.LogLinesAsync(2);
        Assert.All(lines, l => Assert.Contains("[REDACTED_preflight:", l.Url, StringComparison.Ordinal));
        AssertNoSecret(File.ReadAllText(proxy.NetworkLogPath), TestSecrets.DbPassword, Uri.EscapeDataString(TestSecrets.DbPassword));
    }

    [Fact]
    public async Task A_value_made_known_after_a_url_was_recorded_is_redacted_when_that_url_is_sent_again()
    {
        Prerequisite.RequireCommand("curl");
        var known = new KnownSecrets();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { KnownSecrets = known });
        var url = $"https://{UpstreamServer.Name}/v/{TestSecrets.DbPassword}";

        await proxy.CurlAsync("-o", "/dev/null", url); // not yet known, and no rule's shape: recorded as sent
        Assert.Contains(TestSecrets.DbPassword, Assert.Single(await proxy.LogLinesAsync(1)).Url, StringComparison.Ordinal);
        known.Add([TestSecrets.DbPassword]); // the pre-flight scan ends: the same text is redacted anew, not as remembered
        await proxy.CurlAsync("-o", "/dev/null", url);
        await proxy.LogLinesAsync(2);

        var lines = proxy.AllLogLines().Where(l => l.Host == UpstreamServer.Name).ToList();
        Assert.Equal(4, lines.Count); // each request's forwarding line and final line
        Assert.All(lines.Skip(2), l => Assert.Contains("[REDACTED_preflight:", l.Url, StringComparison.Ordinal));
        AssertNoSecret(string.Join('\n', lines.Skip(2).Select(l => l.ToJson())), TestSecrets.DbPassword);
    }

    [Fact]
    public async Task A_request_is_forwarded_only_after_its_line_is_written()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false);
        using var handler = new HttpClientHandler { Proxy = new WebProxy(proxy.ProxyUrl), UseProxy = true };
        using var client = new HttpClient(handler);
        var ct = TestContext.Current.CancellationToken;

        // the stream stays open until released: the request is in flight, upstream has answered its headers
        using var response = await client.GetAsync($"http://{UpstreamServer.Name}/sse", HttpCompletionOption.ResponseHeadersRead, ct);
        var inFlight = proxy.AllLogLines();
        upstream.ReleaseSse();
        await (await response.Content.ReadAsStreamAsync(ct)).CopyToAsync(Stream.Null, ct);

        var line = Assert.Single(inFlight);
        Assert.Equal((NetworkLogEntry.PhaseForwarding, "GET", "http://upstream.test/sse", true, 0), (line.Phase, line.Method, line.Url, line.Allowed, line.Status));
        Assert.Equal(200, Assert.Single(await proxy.LogLinesAsync(1)).Status);
    }
}
