using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The hosts a credential is bound to: exact names as <c>trusted_domains.txt</c> spells one host (no <c>*.</c>, no
/// port, no scheme). A binding to <c>api.example.com</c> does not cover <c>x.api.example.com</c>: a subdomain is
/// another server, and the key goes to no server the user did not name.
/// </summary>
public static class CredentialHosts
{
    /// <summary>Lower case, no trailing dot.</summary>
    public static string Normalize(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Trim().TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>Null when <paramref name="host"/> names one host, else the problem (for config errors).</summary>
    public static string? Check(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.StartsWith("*.", StringComparison.Ordinal) || host.StartsWith('.'))
        {
            return $"'{host}': a credential goes to exact host names only (subdomains are other servers); name each host";
        }

        if (host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal))
        {
            return $"'{host}': a host name only, without scheme, port or path";
        }

        var normalized = Normalize(host);
        return HostName.ParseAddress(normalized) is null && HostName.CheckDnsName(normalized) is { } problem
            ? $"'{host}': {problem}"
            : null;
    }

    /// <summary>True when <paramref name="host"/> (normalised, as the exchange names it) is one of <paramref name="hosts"/>.</summary>
    internal static bool Contains(IReadOnlyList<string> hosts, string host)
    {
        foreach (var bound in hosts)
        {
            if (string.Equals(bound, host, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
