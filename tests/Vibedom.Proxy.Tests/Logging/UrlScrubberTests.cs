using Vibedom.Proxy.Logging;
using Xunit;

namespace Vibedom.Proxy.Tests.Logging;

public sealed class UrlScrubberTests
{
    [Theory]
    [InlineData("https", "api.test", 443, "/v1/x", "?key=abc&q=hello", "https://api.test/v1/x?key=[REDACTED]&q=[REDACTED]")]
    [InlineData("http", "api.test", 8080, "/", null, "http://api.test:8080/")]
    [InlineData("http", "api.test", 80, "", "?bare", "http://api.test/?[REDACTED]")]
    [InlineData("https", "::1", 8443, "/a", "", "https://[::1]:8443/a")]
    public void Build_url_keeps_keys_and_drops_query_values(string scheme, string host, int port, string path, string? query, string expected)
    {
        Assert.Equal(expected, UrlScrubber.Build(scheme, host, port, path, query));
    }

    [Fact]
    public void ToJson_entry_uses_design_field_names()
    {
        var entry = new NetworkLogEntry("2026-11-29T12:00:00.000Z", "GET", "https://a.test/", "a.test", 443, true, "allowlist: a.test (line 1)", 200, 0, 12, 1.5, "intercepted", []);

        Assert.Equal(
            """{"timestamp":"2026-11-29T12:00:00.000Z","method":"GET","url":"https://a.test/","host":"a.test","port":443,"allowed":true,"reason":"allowlist: a.test (line 1)","status":200,"bytes_out":0,"bytes_in":12,"duration_ms":1.5,"tls":"intercepted","scrubbed":[]}""",
            entry.ToJson());
        Assert.Equal(entry.ToJson(), NetworkLogEntry.TryParse(entry.ToJson())!.ToJson());
    }
}
