using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// What a detached session's host learns over its pipe: values never to record (<see cref="Values"/>), the
/// pre-flight scan's among them (<see cref="Workspace"/>: the proxy's DLP scrubs those from requests), and the
/// session's credentials and its own allowlist entries (an agent profile's hosts).
/// </summary>
public sealed record HostSecrets(IReadOnlyList<string> Values, IReadOnlyList<string> Workspace, IReadOnlyList<ProxyCredential> Credentials)
{
    public SessionAllowlist Allowlist { get; init; } = SessionAllowlist.None;
}
