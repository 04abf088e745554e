using System.Net;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// One line of <c>trusted_domains.txt</c>: <c>example.com</c> (it and its subdomains),
/// <c>*.example.com</c> (subdomains only), an IP literal (only itself), each with an optional
/// <c>:port</c> (default: 80 and 443).
/// </summary>
public sealed record AllowlistEntry(string Text, string Host, bool SubdomainsOnly, IPAddress? Address, int? Port, int Line)
{
    /// <summary>Raw TCP (non-HTTP, non-TLS bytes) through CONNECT is allowed only by an entry that names its port.</summary>
    public bool AllowsRawTcp => Port is not null;

    /// <summary>Null for a line of the file; else what added the entry for this session (e.g. <c>agent profile claude</c>).</summary>
    public string? Origin { get; init; }

    public bool Matches(string host, IPAddress? hostAddress, int port)
    {
        if (Port is { } only ? port != only : port is not (80 or 443))
        {
            return false;
        }

        if (Address is not null || hostAddress is not null)
        {
            return Address is not null && hostAddress is not null && Address.Equals(hostAddress);
        }

        if (host.Length == Host.Length)
        {
            return !SubdomainsOnly && string.Equals(host, Host, StringComparison.Ordinal);
        }

        return host.Length > Host.Length
            && host.EndsWith(Host, StringComparison.Ordinal)
            && host[host.Length - Host.Length - 1] == '.';
    }

    public override string ToString() => Text;
}
