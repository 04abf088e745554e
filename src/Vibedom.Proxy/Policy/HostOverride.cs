using System.Globalization;
using System.Net;

namespace Vibedom.Proxy.Policy;

/// <summary>A <c>[network.hosts]</c> entry: connect to <see cref="Address"/> (and <see cref="Port"/> if given) for this name.</summary>
public sealed record HostOverride(IPAddress Address, int? Port)
{
    /// <summary>Parses <c>127.0.0.1</c>, <c>127.0.0.1:8443</c>, <c>[::1]:8443</c> or <c>::1</c>.</summary>
    public static bool TryParse(string text, out HostOverride? value)
    {
        value = null;
        text = text.Trim();
        if (IPAddress.TryParse(text, out var bare) && !text.Contains("]:", StringComparison.Ordinal)
            && (bare.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || !text.Contains(':', StringComparison.Ordinal)))
        {
            value = new HostOverride(bare, null);
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || !IPAddress.TryParse(text[..colon].Trim('[', ']'), out var address))
        {
            return false;
        }

        value = new HostOverride(address, port);
        return true;
    }
}
