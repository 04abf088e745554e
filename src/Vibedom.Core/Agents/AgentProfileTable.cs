using Vibedom.Core.Config;

namespace Vibedom.Core.Agents;

/// <summary>
/// One <c>[agents.NAME]</c> table as written (a built-in file or config.toml): every field optional, null when not
/// written. A user table over a built-in of the same name overrides it field by field (<see cref="Over"/>).
/// <see cref="At"/> is where it is written, for messages.
/// </summary>
public sealed record AgentProfileTable(string Name, ConfigError At)
{
    public IReadOnlyList<string>? Commands { get; init; }

    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>Per switch name; tables merge switch by switch.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? OptionalHosts { get; init; }

    public IReadOnlyList<string>? Enable { get; init; }

    /// <summary>Per variable; tables merge variable by variable.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public AgentCredential? Credential { get; init; }

    public IReadOnlyList<string>? State { get; init; }

    /// <summary>Per state file; tables merge file by file.</summary>
    public IReadOnlyDictionary<string, string>? Seed { get; init; }

    public IReadOnlyList<string>? ReviewIgnore { get; init; }

    /// <summary>This table written over <paramref name="below"/>: its fields win, maps merge key by key.</summary>
    public AgentProfileTable Over(AgentProfileTable below) => this with
    {
        Commands = Commands ?? below.Commands,
        Hosts = Hosts ?? below.Hosts,
        OptionalHosts = Merge(below.OptionalHosts, OptionalHosts),
        Enable = Enable ?? below.Enable,
        Env = Merge(below.Env, Env),
        Credential = Credential ?? below.Credential,
        State = State ?? below.State,
        Seed = Merge(below.Seed, Seed),
        ReviewIgnore = ReviewIgnore ?? below.ReviewIgnore,
    };

    private static IReadOnlyDictionary<string, T>? Merge<T>(IReadOnlyDictionary<string, T>? below, IReadOnlyDictionary<string, T>? above)
    {
        if (below is null || above is null)
        {
            return above ?? below;
        }

        var merged = new Dictionary<string, T>(below, StringComparer.Ordinal);
        foreach (var (key, value) in above)
        {
            merged[key] = value;
        }

        return merged;
    }
}
