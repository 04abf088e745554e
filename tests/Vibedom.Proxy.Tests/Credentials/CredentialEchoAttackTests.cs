using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Credentials;

/// <summary>
/// Red team s24: a bound host that reflects the real value where the response transform did not look (real curl,
/// real proxy, a raw TLS upstream writing what Kestrel would not). The agent must never read the value, whole or
/// compressed.
/// </summary>
public sealed class CredentialEchoAttackTests(UpstreamServer upstream, RawReflectingServer reflecting)
    : IClassFixture<UpstreamServer>, IClassFixture<RawReflectingServer>
{
    private readonly ProxyCredential _credential = ProxyCredential.Create("ANTHROPIC_API_KEY", TestCredentials.AnthropicKey(), [RawReflectingServer.Name]);

    private Task<ProxyUnderTest> StartAsync() =>
        ProxyUnderTest.StartAsync(upstream, RawReflectingServer.Name + "\n", adjust: o => o with
        {
            Credentials = [_credential],
            UpstreamCaFiles = [.. o.UpstreamCaFiles, reflecting.CaPemPath],
            Hosts = new Dictionary<string, string>(o.Hosts) { [RawReflectingServer.Name] = $"127.0.0.1:{reflecting.Port}" },
        });

    private Task<ToolResult> AskAsync(ProxyUnderTest proxy, string path, params string[] more) =>
        proxy.CurlAsync(["-i", "-H", "x-api-key: " + _credential.Sentinel, .. more, $"https://{RawReflectingServer.Name}{path}"]);

    [Fact]
    public async Task A_reason_phrase_quoting_the_key_reaches_the_agent_with_the_sentinel()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        var result = await AskAsync(proxy, "/reason", "--http1.1");

        Assert.Contains("x-api-key: " + _credential.Value, reflecting.LastHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain(_credential.Value, result.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 401", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trailer_quoting_the_key_reaches_the_agent_with_the_sentinel()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        var result = await AskAsync(proxy, "/trailer", "--http2");

        Assert.Contains("x-api-key: " + _credential.Value, reflecting.LastHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain(_credential.Value, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("x-key: " + _credential.Sentinel, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Early_hints_quoting_the_key_never_reach_the_agent()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        var result = await AskAsync(proxy, "/early-hints");

        Assert.Contains("x-api-key: " + _credential.Value, reflecting.LastHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain(_credential.Value, result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/transfer-gzip")]
    [InlineData("/bad-encoding")]
    public async Task A_body_compressed_under_a_label_the_check_does_not_read_is_refused(string path)
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await StartAsync();

        var result = await AskAsync(proxy, path, "-o", "-", "--raw");

        Assert.Contains("x-api-key: " + _credential.Value, reflecting.LastHeaders, StringComparison.Ordinal);
        Assert.Matches("^HTTP/(2|1.1) 502", result.StandardOutput);
        Assert.Contains("x-vibedom-denied: credential-echo", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }
}
