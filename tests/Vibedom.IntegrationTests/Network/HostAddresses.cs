using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Vibedom.IntegrationTests.Network;

/// <summary>This machine's own addresses (never an outside one): the targets a sandbox must not reach directly.</summary>
internal static class HostAddresses
{
    public static IReadOnlyList<IPAddress> NonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
}
