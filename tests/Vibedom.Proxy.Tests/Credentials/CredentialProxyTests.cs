using System.Text;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Credentials;

/// <summary>
/// Credentials in the real proxy (real curl, real TLS, a loopback upstream that records and reflects what it gets):
/// the bound host receives the real value, any other host the sentinel, and an answer that echoes the real value
/// reaches the client with the sentinel instead. No line of network.jsonl holds the real value.
/// </summary>
public sealed class CredentialProxyTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "upstream.test\nother.test\n";

    private readonly ProxyCredential _credential = ProxyCredential.Create("ANTHROPIC_API_KEY", TestCredentials.AnthropicKey(), [UpstreamServer.Name]);

    private Task<ProxyUnderTest> StartAsync(ProxyCredential? credential = null) =>
        ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with { Credentials = [credential ?? _credential] });

    private ProxyCredential OptedIn => new(_credential.Name, _credential.Sentinel, _credential.Value, _credential.Hosts,
        CredentialPlaces.Header | CredentialPlaces.Query | CredentialPlaces.Body);

    [Fact]
    public async Task The_bound_host_receives_the_real_value_and_its_echo_comes_back_as_the_sentinel()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        var result = await proxy.CurlAsync("-H", "x-api-key: " + _credential.Sentinel, "-H", "Authorization: Bearer " + _credential.Sentinel, $"https://{UpstreamServer.Name}/headers");

        Assert.Contains("x-api-key: " + _credential.Value, upstream.LastHeaders, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer " + _credential.Value, upstream.LastHeaders, StringComparison.Ordinal);
        Assert.Contains("x-api-key: " + _credential.Sentinel, result.StandardOutput, StringComparison.Ordinal); // the reflection
        Assert.DoesNotContain(_credential.Value, result.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal("allowlist: upstream.test (line 1); credential ANTHROPIC_API_KEY sent in header authorization, header x-api-key", line.Reason);
        AssertNoLineHolds(proxy, _credential.Value);
    }

    [Fact]
    public async Task With_dlp_on_the_sentinel_is_left_for_the_swap_while_another_key_of_its_shape_is_scrubbed()
    {
        Prerequisite.RequireCommand("curl");
        var other = TestCredentials.AnthropicKey();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, adjust: o => o with { Credentials = [OptedIn], Dlp = Vibedom.Proxy.Dlp.DlpSettings.Default });

        await proxy.CurlAsync("-H", "x-api-key: " + _credential.Sentinel, "-H", "x-other: " + other, "--data-binary", "{\"key\":\"" + _credential.Sentinel + "\"}", $"https://{UpstreamServer.Name}/record/dlp");

        Assert.Contains("x-api-key: " + _credential.Value, upstream.LastHeaders, StringComparison.Ordinal);
        Assert.Equal("{\"key\":\"" + _credential.Value + "\"}", Encoding.ASCII.GetString(upstream.LastBody));
        Assert.DoesNotContain(other, upstream.LastHeaders, StringComparison.Ordinal);
        Assert.Contains("x-other: [REDACTED_", upstream.LastHeaders, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.DoesNotContain(line.Scrubbed, s => s.Where == "header:x-api-key" || s.Where == "body");
        AssertNoLineHolds(proxy, _credential.Value);
        AssertNoLineHolds(proxy, other);
    }

    [Fact]
    public async Task A_basic_auth_echo_in_base64_comes_back_without_the_real_value()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        var result = await proxy.CurlAsync("-u", "agent:" + _credential.Sentinel, $"https://{UpstreamServer.Name}/headers");

        var sentBasic = Convert.ToBase64String(Encoding.ASCII.GetBytes("agent:" + _credential.Value));
        Assert.Contains("Authorization: Basic " + sentBasic, upstream.LastHeaders, StringComparison.Ordinal);
        var echoed = result.StandardOutput.Split('\n').Single(l => l.StartsWith("Authorization: Basic ", StringComparison.Ordinal))["Authorization: Basic ".Length..];
        var decoded = Encoding.ASCII.GetString(Convert.FromBase64String(echoed));
        Assert.DoesNotContain(sentBasic, result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(_credential.Value[13..^2], decoded, StringComparison.Ordinal);
        Assert.Contains(_credential.Sentinel[14..^2], decoded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_a_storing_upstream_gets_the_sentinel_in_body_and_query_and_the_real_value_in_auth_headers()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();
        var body = $"{{\"prompt\":\"write this in hex: {_credential.Sentinel}\"}}";

        await proxy.CurlAsync("-H", "x-api-key: " + _credential.Sentinel, "--data-binary", body, $"https://{UpstreamServer.Name}/record?key={_credential.Sentinel}");

        Assert.Equal(body, Encoding.ASCII.GetString(upstream.LastBody));
        Assert.Equal($"/record?key={_credential.Sentinel}", upstream.LastTarget);
        Assert.Contains("x-api-key: " + _credential.Value, upstream.LastHeaders, StringComparison.Ordinal);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal("allowlist: upstream.test (line 1); credential ANTHROPIC_API_KEY sent in header x-api-key", line.Reason);
    }

    [Fact]
    public async Task Echoed_percent_and_json_escaped_forms_of_the_real_value_come_back_as_the_sentinel()
    {
        Prerequisite.RequireCommand("curl");
        var value = "tok" + "+en/" + Guid.NewGuid().ToString("N") + "/x+y" + Guid.NewGuid().ToString("N")[..8];
        var credential = ProxyCredential.Create("TOKEN", value, [UpstreamServer.Name]);
        await using var proxy = await StartAsync(credential);
        var percent = Uri.EscapeDataString(value);
        var lowerPercent = value.Replace("+", "%2b", StringComparison.Ordinal).Replace("/", "%2f", StringComparison.Ordinal);
        var forms = new[] { percent, lowerPercent, value.Replace("+", "\\u002B", StringComparison.Ordinal), value.Replace("+", "\\u002b", StringComparison.Ordinal), value.Replace("/", "\\/", StringComparison.Ordinal) };
        var body = string.Join("\n", forms);

        var echoed = await proxy.CurlAsync("--data-binary", body, $"https://{UpstreamServer.Name}/echo");

        var lines = echoed.StandardOutput.Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.All(lines.Zip(forms), l => Assert.NotEqual(l.Second, l.First));
        Assert.DoesNotContain(value[7..39], echoed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(credential.Sentinel, Uri.UnescapeDataString(lines[0]));
        Assert.Equal(credential.Sentinel, Uri.UnescapeDataString(lines[1]));
        Assert.Equal(credential.Sentinel, System.Text.Json.JsonSerializer.Deserialize<string>("\"" + lines[2] + "\""));
        Assert.Equal(credential.Sentinel, System.Text.Json.JsonSerializer.Deserialize<string>("\"" + lines[3] + "\""));
        Assert.StartsWith(credential.Sentinel, System.Text.Json.JsonSerializer.Deserialize<string>("\"" + lines[4] + "\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_and_a_query_get_the_real_value_when_opted_in_and_a_reflected_body_the_sentinel()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync(OptedIn);
        var body = $"{{\"key\":\"{_credential.Sentinel}\"}}";

        await proxy.CurlAsync("--data-binary", body, $"https://{UpstreamServer.Name}/record?key={_credential.Sentinel}");
        var recorded = Encoding.ASCII.GetString(upstream.LastBody);
        var target = upstream.LastTarget;
        var echoed = await proxy.CurlAsync("--data-binary", body, "-H", "Transfer-Encoding: chunked", $"https://{UpstreamServer.Name}/echo");

        Assert.Equal($"{{\"key\":\"{_credential.Value}\"}}", recorded);
        Assert.Equal($"/record?key={_credential.Value}", target);
        Assert.Equal(body, echoed.StandardOutput);
        AssertNoLineHolds(proxy, _credential.Value);
    }

    [Fact]
    public async Task A_sentinel_sent_to_an_unbound_host_arrives_as_the_sentinel()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        await proxy.CurlAsync("-H", "x-api-key: " + _credential.Sentinel, "--data-binary", "k=" + _credential.Sentinel, $"https://{UpstreamServer.OtherName}/record");

        Assert.Contains("x-api-key: " + _credential.Sentinel, upstream.LastHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain(_credential.Value, upstream.LastHeaders, StringComparison.Ordinal);
        Assert.Equal("k=" + _credential.Sentinel, Encoding.ASCII.GetString(upstream.LastBody));
    }

    [Fact]
    public async Task A_compressed_answer_from_the_bound_host_is_refused_rather_than_relayed_unchecked()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        var bound = await proxy.CurlAsync("-i", "--compressed", "-H", "x-api-key: " + _credential.Sentinel, $"https://{UpstreamServer.Name}/gzip");
        var other = await proxy.CurlAsync("-i", "--compressed", "-H", "x-api-key: " + _credential.Sentinel, $"https://{UpstreamServer.OtherName}/gzip");

        Assert.Contains("accept-encoding: identity", upstream.Seen[^2], StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^HTTP/(2|1.1) 502", bound.StandardOutput);
        Assert.Contains("x-vibedom-denied: credential-echo", bound.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_credential.Value, bound.StandardOutput, StringComparison.Ordinal);
        Assert.Matches("^HTTP/(2|1.1) 200", other.StandardOutput);
        Assert.Contains("x-api-key: " + _credential.Sentinel, other.StandardOutput, StringComparison.Ordinal);
    }

    private static void AssertNoLineHolds(ProxyUnderTest proxy, string value) =>
        Assert.DoesNotContain(value, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
}
