using System.Net;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Addresses an allowed name must not resolve to unless <c>allow_private</c> lists them:
/// loopback, RFC 1918, link-local (incl. cloud metadata 169.254.169.254), CGNAT, "this network",
/// multicast and reserved, and the IPv6 equivalents (incl. IPv4-mapped forms and the NAT64 well-known
/// prefix, read as the IPv4 address it embeds).
/// </summary>
internal static class PrivateAddresses
{
    private static readonly (IpNetwork Network, string Name)[] Ranges =
    [
        (IpNetwork.Parse("0.0.0.0/8"), "this-network"),
        (IpNetwork.Parse("10.0.0.0/8"), "rfc1918"),
        (IpNetwork.Parse("100.64.0.0/10"), "cgnat"),
        (IpNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IpNetwork.Parse("169.254.169.254/32"), "metadata"),
        (IpNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IpNetwork.Parse("172.16.0.0/12"), "rfc1918"),
        (IpNetwork.Parse("192.0.0.0/24"), "ietf-reserved"),
        (IpNetwork.Parse("192.168.0.0/16"), "rfc1918"),
        (IpNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IpNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IpNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IpNetwork.Parse("::/128"), "unspecified"),
        (IpNetwork.Parse("::1/128"), "loopback"),
        (IpNetwork.Parse("64:ff9b:1::/48"), "nat64-local"),
        (IpNetwork.Parse("fc00::/7"), "unique-local"),
        (IpNetwork.Parse("fe80::/10"), "link-local"),
        (IpNetwork.Parse("fec0::/10"), "site-local"),
        (IpNetwork.Parse("ff00::/8"), "multicast"),
        (IpNetwork.Parse("fd00:ec2::254/128"), "metadata"),
    ];

    private static readonly IpNetwork Nat64 = IpNetwork.Parse("64:ff9b::/96");

    /// <summary>The kind of private range <paramref name="address"/> is in, or null when it is public.</summary>
    public static string? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (Nat64.Contains(address))
        {
            // a NAT64 gateway on the path (DNS64 networks) turns it into the IPv4 address in its last 32 bits, so
            // 64:ff9b::a9fe:a9fe reaches the metadata service as 169.254.169.254 would
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }

        foreach (var (network, name) in Ranges)
        {
            if (network.Contains(address))
            {
                return name;
            }
        }

        return null;
    }
}
