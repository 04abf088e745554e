using Vibedom.Proxy.Hosting;

namespace Vibedom.Core.Sandbox;

/// <summary>
/// The sandbox's single route out: a host directory holding the egress proxy's Unix socket
/// (<see cref="SocketName"/>). It is bind-mounted read-only at <see cref="SandboxDirectory"/> and a
/// forwarder inside listens on <see cref="ProxyAddress"/>; the proxy variables point there.
/// The directory (not the socket file) is bound, so a proxy restart does not leave a stale inode.
/// </summary>
public sealed record NetworkRoute(string HostSocketDirectory)
{
    public const string SocketName = "proxy.sock";

    /// <summary>The CA bundle (the host's trusted CAs plus vibedom's interception CA) kept beside the socket.</summary>
    public const string CaBundleName = "ca-bundle.crt";

    /// <summary>The bundle as the sandbox sees it; every CA variable points here.</summary>
    public const string SandboxCaBundle = SandboxDirectory + "/" + CaBundleName;

    /// <summary>
    /// System CA bundle paths (existing on the host, e.g. /etc/ssl/certs/ca-certificates.crt) that the sandbox
    /// sees replaced by <see cref="SandboxCaBundle"/>'s content, for clients that read only the system file.
    /// Empty: none replaced.
    /// </summary>
    public IReadOnlyList<string> SystemCaBundles { get; init; } = [];

    public const string SandboxDirectory = "/run/vibedom/net";

    public const string ProxyHost = "127.0.0.1";

    public const int ProxyPort = 3128;

    public static string ProxyAddress => $"{ProxyHost}:{ProxyPort}";

    public static string ProxyUrl => $"http://{ProxyAddress}";

    /// <summary>
    /// The variables every route sets (one list, the proxy's): HTTP(S)_PROXY, their lower-case twins,
    /// ALL_PROXY, NO_PROXY for the sandbox's own loopback, and every CA variable pointing at <see cref="SandboxCaBundle"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProxyVariables { get; } = SandboxEnvironment.Variables(SandboxCaBundle, ProxyUrl);
}
