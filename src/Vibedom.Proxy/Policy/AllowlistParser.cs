using System.Globalization;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Parses <c>trusted_domains.txt</c> (DESIGN §5). Every malformed line is reported as
/// <c>file(line,col): rule-id: problem</c>; one error means no allowlist at all.
/// </summary>
internal static class AllowlistParser
{
    public static Allowlist Parse(string path, string text)
    {
        var entries = new List<AllowlistEntry>();
        var errors = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var content = hash >= 0 ? raw[..hash] : raw;
            var start = 0;
            while (start < content.Length && char.IsWhiteSpace(content[start]))
            {
                start++;
            }

            var token = content.Trim();
            if (token.Length == 0)
            {
                continue;
            }

            var (entry, problem, offset) = ParseEntry(token, i + 1);
            if (problem is not null)
            {
                errors.Add($"{path}({i + 1},{start + offset + 1}): {problem}");
            }
            else
            {
                entries.Add(entry!);
            }
        }

        if (errors.Count > 0)
        {
            throw new ProxyConfigurationException(errors);
        }

        return new Allowlist(path, entries);
    }

    private static (AllowlistEntry? Entry, string? Problem, int Column) ParseEntry(string token, int line)
    {
        var space = token.IndexOfAny([' ', '\t']);
        if (space >= 0)
        {
            return (null, "allowlist-syntax: one entry per line; unexpected text after the entry", space);
        }

        if (token.Contains("://", StringComparison.Ordinal))
        {
            return (null, "allowlist-syntax: write the host only, without a scheme (example.com, not https://example.com)", 0);
        }

        var slash = token.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // 10.0.0.0/8 is an address range, not a host with a path: say so, and what to write instead
            return HostName.ParseAddress(token[..slash]) is not null && token[(slash + 1)..].All(char.IsAsciiDigit) && slash + 1 < token.Length
                ? (null, "allowlist-range: address ranges (CIDR) are not supported; list each host or IP address (host or host:port) on its own line", slash)
                : (null, "allowlist-syntax: a path is not allowed; entries are host or host:port", slash);
        }

        var (host, portText, portColumn) = SplitPort(token);
        int? port = null;
        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return (null, $"allowlist-port: '{portText}' is not a port (1-65535)", portColumn);
            }

            port = p;
        }

        var wildcard = host.StartsWith("*.", StringComparison.Ordinal);
        var name = wildcard ? host[2..] : host;
        var star = name.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            return (null, "allowlist-wildcard: '*' is allowed only as a leading '*.' label", star + (wildcard ? 2 : 0));
        }

        var normalized = name.TrimEnd('.').ToLowerInvariant();
        if (HostName.ParseAddress(normalized) is { } address)
        {
            return wildcard
                ? (null, "allowlist-wildcard: an IP literal cannot have a '*.' prefix", 0)
                : (new AllowlistEntry(token, address.ToString(), false, address, port, line), null, 0);
        }

        if (host.StartsWith('[') || normalized.Contains(':', StringComparison.Ordinal))
        {
            return (null, $"allowlist-address: '{name}' is not an IP address", 0);
        }

        if (normalized.Split('.').All(l => l.Length > 0 && l.All(char.IsAsciiDigit)))
        {
            return (null, $"allowlist-address: '{name}' is not a dotted-quad IPv4 address", 0);
        }

        if (HostName.CheckDnsName(normalized) is { } problem)
        {
            return (null, "allowlist-host: " + problem, wildcard ? 2 : 0);
        }

        return (new AllowlistEntry(token, normalized, wildcard, null, port, line), null, 0);
    }

    /// <summary>host[:port], [v6]:port, or a bare IPv6 literal (several colons, no port).</summary>
    private static (string Host, string? Port, int PortColumn) SplitPort(string token)
    {
        if (token.StartsWith('['))
        {
            var end = token.IndexOf(']', StringComparison.Ordinal);
            if (end < 0)
            {
                return (token, null, 0);
            }

            var host = token[1..end];
            return end + 1 < token.Length && token[end + 1] == ':'
                ? (host, token[(end + 2)..], end + 2)
                : (end + 1 == token.Length ? host : token, null, 0);
        }

        var first = token.IndexOf(':', StringComparison.Ordinal);
        if (first < 0 || first != token.LastIndexOf(':'))
        {
            return (token, null, 0);
        }

        return (token[..first], token[(first + 1)..], first + 1);
    }
}
