using System.Net;
using Vibedom.Core.Errors;
using Vibedom.Proxy.Hosting;

namespace Vibedom.Core.Sandbox;

/// <summary>
/// The sandbox's single route out: the egress proxy, reached through a Unix socket (<see cref="UnixSocket"/>: the namespace
/// runtime, whose sandbox has no network device but <c>lo</c>) or a TCP endpoint (<see cref="Tcp"/>: a container runtime
/// whose sandbox has a network the runtime restricts to that endpoint). Either way <see cref="HostDirectory"/> holds the CA
/// bundle (and, for a socket route, <see cref="SocketName"/>); it is shown read-only at <see cref="SandboxDirectory"/>, and the
/// proxy variables point at <see cref="ProxyAddress"/> inside (a forwarder inside listens there for a socket route).
/// The directory (not the socket file) is bound, so a proxy restart does not leave a stale inode. Built only through the
/// two factories, which validate it: one place.
/// </summary>
public sealed record NetworkRoute
{
    public const string SocketName = "proxy.sock";

    /// <summary>The CA bundle (the host's trusted CAs plus vibedom's interception CA) kept in <see cref="HostDirectory"/>.</summary>
    public const string CaBundleName = "ca-bundle.crt";

    /// <summary>The bundle as the sandbox sees it; every CA variable points here.</summary>
    public const string SandboxCaBundle = SandboxDirectory + "/" + CaBundleName;

    public const string SandboxDirectory = "/run/vibedom/net";

    public const string ProxyHost = "127.0.0.1";

    public const int ProxyPort = 3128;

    private NetworkRoute(string hostDirectory, IPEndPoint? tcpEndpoint)
    {
        HostDirectory = hostDirectory;
        TcpEndpoint = tcpEndpoint;
    }

    /// <summary>Host folder holding the CA bundle and, for a socket route, the proxy's socket.</summary>
    public string HostDirectory { get; }

    /// <summary>Where the proxy listens for a TCP route (as the sandbox reaches it); null for a Unix socket route.</summary>
    public IPEndPoint? TcpEndpoint { get; }

    /// <summary>The proxy's socket on the host for a Unix socket route; null for a TCP route.</summary>
    public string? HostSocketPath => TcpEndpoint is null ? Path.Combine(HostDirectory, SocketName) : null;

    /// <summary>
    /// System CA bundle paths (existing on the host, e.g. /etc/ssl/certs/ca-certificates.crt) that the sandbox
    /// sees replaced by <see cref="SandboxCaBundle"/>'s content, for clients that read only the system file.
    /// Empty: none replaced.
    /// </summary>
    public IReadOnlyList<string> SystemCaBundles { get; init; } = [];

    public static string ProxyAddress => $"{ProxyHost}:{ProxyPort}";

    public static string ProxyUrl => $"http://{ProxyAddress}";

    /// <summary>
    /// The variables every route sets (one list, the proxy's): HTTP(S)_PROXY, their lower-case twins,
    /// ALL_PROXY, NO_PROXY for the sandbox's own loopback, and every CA variable pointing at <see cref="SandboxCaBundle"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProxyVariables { get; } = SandboxEnvironment.Variables(SandboxCaBundle, ProxyUrl);

    /// <summary>The proxy's Unix socket <see cref="SocketName"/> in <paramref name="hostDirectory"/>.</summary>
    /// <exception cref="VibedomException">Not an absolute, plain path (usage error).</exception>
    public static NetworkRoute UnixSocket(string hostDirectory) => new(CheckDirectory(hostDirectory), null);

    /// <summary>The proxy at <paramref name="endpoint"/>; the CA bundle in <paramref name="hostDirectory"/>.</summary>
    /// <exception cref="VibedomException">No port, a wildcard or broadcast address, or a bad directory (usage error).</exception>
    public static NetworkRoute Tcp(string hostDirectory, IPEndPoint endpoint)
    {
        var directory = CheckDirectory(hostDirectory);
        if (endpoint.Port == 0)
        {
            throw VibedomException.Usage($"network route: {endpoint} has no port");
        }

        if (endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) || endpoint.Address.Equals(IPAddress.Broadcast) || endpoint.Address.Equals(IPAddress.IPv6None))
        {
            throw VibedomException.Usage($"network route: {endpoint.Address} is not one address; name the proxy's address");
        }

        return new NetworkRoute(directory, endpoint);
    }

    private static string CheckDirectory(string hostDirectory)
    {
        if (!Path.IsPathFullyQualified(hostDirectory) || hostDirectory.IndexOfAny(['\0', '\n']) >= 0)
        {
            throw VibedomException.Usage($"network route: the proxy's folder must be an absolute path: {hostDirectory.ReplaceLineEndings(" ")}");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostDirectory));
    }

    public override string ToString() => TcpEndpoint is { } tcp ? $"tcp {tcp} (CA in {HostDirectory})" : $"unix {HostSocketPath}";
}
