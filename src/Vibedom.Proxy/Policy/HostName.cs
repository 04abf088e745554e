using System.Net;
using System.Net.Sockets;

namespace Vibedom.Proxy.Policy;

/// <summary>Host name normalisation and checks shared by the allowlist and the same-name stage.</summary>
internal static class HostName
{
    /// <summary>Lower case, no trailing dot, no brackets around IPv6, no <c>:port</c> (SNI from Go clients carries one).</summary>
    public static string Normalize(string host)
    {
        var h = host.Trim();
        if (h.StartsWith('['))
        {
            var end = h.IndexOf(']', StringComparison.Ordinal);
            return (end > 0 ? h[1..end] : h[1..]).ToLowerInvariant();
        }

        var colon = h.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon == h.LastIndexOf(':'))
        {
            h = h[..colon];
        }

        return h.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>An IP literal (strict dotted quad for IPv4), else null.</summary>
    public static IPAddress? ParseAddress(string host)
    {
        if (host.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(host, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        var parts = host.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        return IPAddress.TryParse(host, out var v4) ? v4 : null;
    }

    /// <summary>Null when <paramref name="name"/> is a valid DNS name, else the problem.</summary>
    public static string? CheckDnsName(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return "a host name is 1 to 253 characters";
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                return $"label '{label}' must be 1 to 63 characters";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return $"label '{label}' must not start or end with '-'";
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                {
                    return $"'{c}' is not allowed in a host name";
                }
            }
        }

        return null;
    }
}
