using Vibedom.Proxy.Policy;
using Xunit;

namespace Vibedom.Proxy.Tests.Policy;

public sealed class AllowlistParserTests
{
    public sealed class Parse
    {
        [Fact]
        public void Parse_valid_file_keeps_every_entry_with_its_line()
        {
            // Given a file with comments, blank lines, a wildcard, a port and IP literals
            var text = "# egress\n\nexample.com\n  *.Corp.Example.  # internal\napi.test:8443\n10.0.0.5\n[::1]:22\n";

            // When it is parsed
            var list = AllowlistParser.Parse("trusted_domains.txt", text);

            // Then every entry is kept, normalised, with its line
            Assert.Equal(
                [("example.com", false, null, 3), ("corp.example", true, null, 4), ("api.test", false, 8443, 5), ("10.0.0.5", false, null, 6), ("::1", false, 22, 7)],
                list.Entries.Select(e => (e.Host, e.SubdomainsOnly, e.Port, e.Line)).ToArray());
        }

        [Theory]
        [InlineData("https://example.com", "f(1,1): allowlist-syntax: write the host only, without a scheme (example.com, not https://example.com)")]
        [InlineData("example.com/path", "f(1,12): allowlist-syntax: a path is not allowed; entries are host or host:port")]
        [InlineData("example.com extra", "f(1,12): allowlist-syntax: one entry per line; unexpected text after the entry")]
        [InlineData("  example.com:99999", "f(1,15): allowlist-port: '99999' is not a port (1-65535)")]
        [InlineData("example.com:", "f(1,13): allowlist-port: '' is not a port (1-65535)")]
        [InlineData("a.*.example.com", "f(1,3): allowlist-wildcard: '*' is allowed only as a leading '*.' label")]
        [InlineData("*.10.0.0.1", "f(1,1): allowlist-wildcard: an IP literal cannot have a '*.' prefix")]
        [InlineData("10.0.1", "f(1,1): allowlist-address: '10.0.1' is not a dotted-quad IPv4 address")]
        [InlineData("exa_mple!.com", "f(1,1): allowlist-host: '!' is not allowed in a host name")]
        [InlineData("-bad.com", "f(1,1): allowlist-host: label '-bad' must not start or end with '-'")]
        [InlineData("a..b", "f(1,1): allowlist-host: label '' must be 1 to 63 characters")]
        public void Parse_malformed_line_reports_file_line_column_and_rule(string line, string expected)
        {
            var error = Assert.Throws<ProxyConfigurationException>(() => AllowlistParser.Parse("f", line));

            Assert.Equal([expected], error.Errors);
        }

        [Fact]
        public void Parse_several_bad_lines_reports_every_one()
        {
            var error = Assert.Throws<ProxyConfigurationException>(() => AllowlistParser.Parse("f", "ok.test\nbad/x\nfine.test\nhttp://x\n"));

            Assert.Equal(["f(2,4)", "f(4,1)"], error.Errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ToArray());
        }

        [Fact]
        public void Load_missing_file_is_an_error_naming_the_file()
        {
            var error = Assert.Throws<ProxyConfigurationException>(() => Allowlist.Load("/nonexistent/trusted_domains.txt"));

            Assert.StartsWith("/nonexistent/trusted_domains.txt(1,1): allowlist-unreadable: ", Assert.Single(error.Errors), StringComparison.Ordinal);
        }

        [Fact]
        public void Parse_empty_file_allows_nothing()
        {
            Assert.Null(AllowlistParser.Parse("f", "# nothing yet\n").Match("example.com", 443));
        }
    }

    public sealed class Match
    {
        private static readonly Allowlist List = AllowlistParser.Parse("f", "example.com\n*.wild.test\nports.test:8443\n192.0.2.7\n[2001:db8::1]:443\n");

        [Theory]
        [InlineData("example.com", 443, true)]
        [InlineData("EXAMPLE.com.", 80, true)]
        [InlineData("api.example.com", 443, true)]
        [InlineData("deep.api.example.com", 443, true)]
        [InlineData("badexample.com", 443, false)]
        [InlineData("example.com.evil.test", 443, false)]
        [InlineData("example.com", 22, false)]
        [InlineData("wild.test", 443, false)]
        [InlineData("a.wild.test", 443, true)]
        [InlineData("ports.test", 8443, true)]
        [InlineData("ports.test", 443, false)]
        [InlineData("192.0.2.7", 443, true)]
        [InlineData("192.0.2.8", 443, false)]
        [InlineData("2001:db8::1", 443, true)]
        [InlineData("[2001:db8::1]", 443, true)]
        [InlineData("2001:db8::1", 80, false)]
        public void Match_host_and_port_follows_design_rules(string host, int port, bool allowed)
        {
            Assert.Equal(allowed, List.Match(host, port) is not null);
        }

        [Fact]
        public void Match_ip_literal_is_not_allowed_by_a_name()
        {
            var list = AllowlistParser.Parse("f", "localhost\n");

            Assert.Null(list.Match("127.0.0.1", 443));
        }
    }
}
