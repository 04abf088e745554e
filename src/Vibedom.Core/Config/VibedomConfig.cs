namespace Vibedom.Core.Config;

/// <summary>config.toml, parsed and validated. Every key is optional; defaults are here.</summary>
public sealed record VibedomConfig
{
    public static VibedomConfig Default { get; } = new();

    /// <summary>[run] runtime: namespace | docker | podman | apple. Null: the platform default.</summary>
    public string? Runtime { get; init; }

    /// <summary>[run] command: what runs when `vibedom run` gets no COMMAND. Empty: the user's $SHELL.</summary>
    public IReadOnlyList<string> DefaultCommand { get; init; } = [];

    /// <summary>[run] read_only_paths: host folders shown read-only inside (where agents are installed, e.g. ~/.local/bin).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary><see cref="ReadOnlyPaths"/> with a leading <c>~/</c> made <paramref name="userHome"/>.</summary>
    public IReadOnlyList<string> ReadOnlyPathsFor(string userHome) =>
        [.. ReadOnlyPaths.Select(p => p.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(userHome, p[2..]) : p)];

    /// <summary>
    /// One problem per <see cref="ReadOnlyPaths"/> entry that does not exist here (symbolic links followed, as the mount
    /// follows them): found before anything starts, rather than by the sandbox failing after the pre-flight.
    /// </summary>
    public IEnumerable<string> MissingReadOnlyPaths(string userHome) =>
        ReadOnlyPaths.Zip(ReadOnlyPathsFor(userHome))
            .Where(p => !Path.Exists(p.Second))
            .Select(p => $"{SourceFile}: run.read_only_paths: {(p.First == p.Second ? p.First : $"{p.First} ({p.Second})")} does not exist; fix the path, or remove it from the list");

    /// <summary>
    /// [run] env: names of host environment variables passed into the sandbox (the agent's own API key,
    /// for example). Their values are redacted from everything vibedom records.
    /// </summary>
    public IReadOnlyList<string> PassEnvironment { get; init; } = [];

    /// <summary>[[credentials]]: host variables the sandbox sees only as sentinels, and the hosts that get their real value.</summary>
    public IReadOnlyList<CredentialSetting> Credentials { get; init; } = [];

    /// <summary>[network] upstream_ca: PEM files trusted for upstream servers besides the host store.</summary>
    public IReadOnlyList<string> UpstreamCaFiles { get; init; } = [];

    /// <summary>[network] allow_private: private or loopback CIDRs an allowed name may resolve to.</summary>
    public IReadOnlyList<string> AllowPrivate { get; init; } = [];

    /// <summary>[network.hosts]: name → "address:port" resolve overrides (as curl --resolve).</summary>
    public IReadOnlyDictionary<string, string> HostOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>[limits]: memory, pids, cpu, disk of each session; unset keys default from the machine.</summary>
    public LimitSettings Limits { get; init; } = new();

    /// <summary>[dlp]: what the proxy does with secrets and PII in requests and responses (DESIGN §6).</summary>
    public Vibedom.Proxy.Dlp.DlpSettings Dlp { get; init; } = Vibedom.Proxy.Dlp.DlpSettings.Default;

    /// <summary>[agents.NAME]: the user's agent profiles as written (over the built-in ones of the same name; see <see cref="Agents.AgentProfiles"/>).</summary>
    public IReadOnlyDictionary<string, Agents.AgentProfileTable> Agents { get; init; } = new Dictionary<string, Agents.AgentProfileTable>();

    /// <summary>The file this came from, for messages; null when defaults.</summary>
    public string? SourceFile { get; init; }
}
