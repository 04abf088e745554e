namespace Vibedom.Core.Agents;

/// <summary>
/// An agent profile, merged (built-in, then the user's <c>[agents.NAME]</c>) and checked: how vibedom recognises the agent
/// (<see cref="Commands"/>, base names of the resolved command) and what a session running it gets. See docs/agents.md.
/// </summary>
public sealed record AgentProfile(string Name)
{
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>Allowed for a session of this agent only, on top of trusted_domains.txt (allowlist syntax).</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Non-essential hosts by switch (telemetry, plugin installs): off unless the switch is in <see cref="Enable"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OptionalHosts { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> Enable { get; init; } = [];

    /// <summary>Settings set in the sandbox's environment (auto-updater off, the agent's own sandbox off, ...).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public AgentCredential? Credential { get; init; }

    /// <summary>
    /// Paths under the sandbox HOME (<c>~/...</c>) kept across sessions in <c>~/.vibedom/agents/NAME/</c>, writable by the agent.
    /// A trailing <c>/</c> (or an existing folder) is a folder, anything else a file.
    /// </summary>
    public IReadOnlyList<string> State { get; init; } = [];

    /// <summary>
    /// JSON objects merged into state files before each session (<c>${workspace}</c>, <c>${home}</c> and
    /// <c>${credential_tail}</c>, the last 20 characters of the sentinel, <c>${credential}</c>, the whole sentinel, substituted as
    /// JSON strings).
    /// </summary>
    public IReadOnlyDictionary<string, string> Seed { get; init; } = new Dictionary<string, string>();

    /// <summary>Workspace-relative paths the agent writes for its own bookkeeping, kept out of diff and apply.</summary>
    public IReadOnlyList<string> ReviewIgnore { get; init; } = [];

    /// <summary>What the session's allowlist adds: <see cref="Hosts"/> and the enabled optional hosts.</summary>
    public IReadOnlyList<string> AllowedHosts =>
        [.. Hosts.Concat(Enable.SelectMany(s => OptionalHosts.TryGetValue(s, out var hosts) ? hosts : [])).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>True when <paramref name="path"/> names a folder: written with a trailing <c>/</c>.</summary>
    public static bool IsFolder(string path) => path.EndsWith('/');
}
