using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// Red team (redteam7) on the audit line: its four text fields are redacted as one text joined by newlines, and a
/// value the redactor finds may run over a newline (a run of <c>U+XXXX</c> code points ends at any whitespace). Such a
/// request got no line at all (the split found fewer fields and threw): a 500 for an allowed host, a cut 403 for a
/// denied one, and nothing in network.jsonl either way.
/// </summary>
public sealed class RedTeamAuditLineTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    /// <summary>The key as code points, <c>U+0041 U+004B …</c>, spaces percent-encoded: the path's last run of them.</summary>
    private static string CodePoints(string separator) => string.Join(separator, TestSecrets.AwsAccessKeyId.Select(c => $"U+{(int)c:X4}"));

    [Fact]
    public async Task A_path_ending_in_a_code_point_run_that_spells_a_key_gets_its_line_redacted_allowed_or_denied()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n");

        var allowed = await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", $"https://{UpstreamServer.Name}/x%20{CodePoints("%20")}");
        var denied = await proxy.CurlAsync("-o", "/dev/null", "-w", "%{http_code}", $"http://denied.test/x%20{CodePoints("%20")}");

        Assert.NotEqual("500", allowed.StandardOutput.Trim());
        Assert.Equal("403", denied.StandardOutput.Trim());
        var lines = await proxy.LogLinesAsync(2);
        Assert.Contains(lines, l => l.Host == UpstreamServer.Name && l.Allowed);
        Assert.Contains(lines, l => l.Host == "denied.test" && !l.Allowed);
        var log = File.ReadAllText(proxy.NetworkLogPath);
        Assert.DoesNotContain(CodePoints(" "), log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestSecrets.AwsAccessKeyId, log, StringComparison.OrdinalIgnoreCase);
        Assert.All(File.ReadAllLines(proxy.NetworkLogPath), l => Assert.NotNull(NetworkLogEntry.TryParse(l)));
    }
}
