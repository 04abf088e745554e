using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vibedom.Proxy.Policy;

/// <summary>A CIDR range (<c>10.0.0.0/8</c>, <c>fc00::/7</c>); a bare address is a /32 or /128.</summary>
public sealed record IpNetwork(IPAddress Prefix, int Length)
{
    public static bool TryParse(string text, out IpNetwork? network)
    {
        network = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash >= 0 ? text[..slash] : text;
        if (!IPAddress.TryParse(addressText.Trim(), out var address))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > max))
        {
            return false;
        }

        network = new IpNetwork(address, length);
        return true;
    }

    public static IpNetwork Parse(string text) =>
        TryParse(text, out var network) ? network! : throw new FormatException($"'{text}' is not a CIDR range");

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6 && Prefix.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != Prefix.AddressFamily)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> p = stackalloc byte[16];
        address.TryWriteBytes(a, out var size);
        Prefix.TryWriteBytes(p, out _);
        var bits = Length;
        for (var i = 0; i < size && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (p[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Prefix}/{Length}";
}
