namespace Vibedom.Core.Sessions.Hosting;

/// <summary>Allowlist entries for one session (an agent profile's hosts) and what they came from, for the proxy.</summary>
public sealed record SessionAllowlist(string Origin, IReadOnlyList<string> Hosts)
{
    public static SessionAllowlist None { get; } = new("session", []);
}
