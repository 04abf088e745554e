using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Config;

/// <summary>
/// One <c>[[credentials]]</c> entry: the host variable <see cref="Env"/> whose value stays on the host (the sandbox
/// holds a sentinel), the exact <see cref="Hosts"/> whose requests get the real value, where in them (<see cref="In"/>:
/// the authentication headers unless the entry opts in to more) and the header names it adds (<see cref="Headers"/>).
/// <see cref="At"/> is where the entry is written, for messages.
/// </summary>
public sealed record CredentialSetting(string Env, IReadOnlyList<string> Hosts, ConfigError At)
{
    public CredentialPlaces In { get; init; } = CredentialPlaces.Header;

    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>The host variable the value is read from when it is not <see cref="Env"/> (an agent profile's fallback).</summary>
    public string? From { get; init; }

    /// <summary>A problem with this entry, located at it: <c>file(line,col): problem</c>.</summary>
    public ConfigError Problem(string problem) => At with { Problem = problem };
}
