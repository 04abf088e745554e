namespace Vibedom.Core.Config;

/// <summary>
/// One <c>[[credentials]]</c> entry: the host variable <see cref="Env"/> whose value stays on the host (the sandbox
/// holds a sentinel), and the exact <see cref="Hosts"/> whose requests get the real value. <see cref="At"/> is where
/// the entry is written, for messages.
/// </summary>
public sealed record CredentialSetting(string Env, IReadOnlyList<string> Hosts, ConfigError At)
{
    /// <summary>A problem with this entry, located at it: <c>file(line,col): problem</c>.</summary>
    public ConfigError Problem(string problem) => At with { Problem = problem };
}
