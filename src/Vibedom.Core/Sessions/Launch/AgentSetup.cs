using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Sessions.Launch;

/// <summary>
/// What the agent profile matching the command (<see cref="AgentProfiles.ForCommand"/>) adds to a run: its credential
/// bound as a <c>[[credentials]]</c> entry, its settings, its hosts (this session only), its state, the paths kept out of
/// the review. <see cref="None"/> when no profile matches: the run is as without profiles.
/// </summary>
public sealed record AgentSetup(AgentProfile? Profile)
{
    public static AgentSetup None { get; } = new((AgentProfile?)null);

    public IReadOnlyList<StateMount> StateMounts { get; init; } = [];

    /// <summary>The state this session's sandbox has (shared and held, or a private copy); null until made.</summary>
    public AgentStateUse? State { get; init; }

    /// <summary>This session's hold on the shared state (<see cref="AgentStateLock"/>); null when another session holds it.</summary>
    private AgentStateLock? Lock { get; init; }

    private SeedValues? Values { get; init; }

    private string? SharedRoot { get; init; }

    /// <summary>Where <see cref="ProxyOptionsAllowlist"/> came from, in network.jsonl's reasons.</summary>
    public string Origin => $"agent profile {Profile?.Name}";

    public IReadOnlyList<string> ProxyOptionsAllowlist => Profile?.AllowedHosts ?? [];

    public IReadOnlyDictionary<string, string> Environment => Profile?.Env ?? new Dictionary<string, string>();

    public IReadOnlyList<string> ReviewIgnore => Profile?.ReviewIgnore ?? [];

    /// <summary>
    /// <paramref name="config"/> with the profile's credential added (unless a <c>[[credentials]]</c> entry binds the same
    /// variable: the user's wins) and taken out of <c>[run] env</c> (never passed in plain). The value comes from the profile's
    /// variable, else its first fallback that is set (taken out of <c>[run] env</c> too). None set on the host: no credential,
    /// and a notice.
    /// </summary>
    public VibedomConfig Bind(VibedomConfig config, Func<string, string?> environment, Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Profile?.Credential is not { } credential || config.Credentials.Any(c => c.Env == credential.Env))
        {
            return config;
        }

        if (credential.Sources.FirstOrDefault(n => !string.IsNullOrEmpty(environment(n))) is not { } source)
        {
            notice($"{string.Join(" or ", credential.Sources)} is not set: the {Profile.Name} profile has no key to bind (export it to use the agent's API)");
            return config;
        }

        var at = new ConfigError($"agent profile {Profile.Name}", 1, 1, string.Empty);
        return config with
        {
            Credentials = [.. config.Credentials, new CredentialSetting(credential.Env, credential.Hosts, at) { From = source == credential.Env ? null : source }],
            PassEnvironment = [.. config.PassEnvironment.Where(n => n != credential.Env && n != source)],
        };
    }

    /// <summary>
    /// Takes the agent's shared state for this session (<see cref="AgentStateLock"/>), makes it and merges the seeds, for a
    /// session on <paramref name="workspace"/> with <paramref name="credentials"/>. While another session holds it, nothing
    /// is made yet: <see cref="Private"/> gives this session its own copy once its folder exists.
    /// </summary>
    public AgentSetup Prepared(VibedomHome home, string workspace, string sandboxHome, IReadOnlyList<ProxyCredential> credentials)
    {
        ArgumentNullException.ThrowIfNull(home);
        if (Profile is null)
        {
            return this;
        }

        var sentinel = credentials.FirstOrDefault(c => c.Name == Profile.Credential?.Env)?.Sentinel ?? string.Empty;
        var tail = sentinel.Length > 20 ? sentinel[^20..] : sentinel;
        var values = new SeedValues(workspace, sandboxHome, tail) { Credential = sentinel };
        var root = AgentState.Root(home, Profile);
        var held = Hold(home);
        if (held is null)
        {
            return this with { Values = values, SharedRoot = root };
        }

        try
        {
            return this with { Lock = held, StateMounts = AgentState.Prepare(home, Profile, values), State = new AgentStateUse(Profile.Name, root, Shared: true) };
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For a session that started while another one holds the agent's state: a private copy of it in
    /// <paramref name="session"/>'s folder (<see cref="AgentStateCopy"/>), seeded and bound instead; kept there after the
    /// session, never merged back. Unchanged when this session holds the shared state.
    /// </summary>
    public AgentSetup Private(SessionPaths session, Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (Profile is null || State is not null || Values is null || SharedRoot is null)
        {
            return this;
        }

        var root = AgentStateCopy.Root(session);
        var copied = AgentStateCopy.Make(SharedRoot, root);
        notice(copied
            ? $"another session holds the {Profile.Name} state: this one works on a private copy, kept in its session folder (not merged back)"
            : $"another session holds the {Profile.Name} state, too large to copy: this one starts from a fresh state, kept in its session folder (not merged back)");
        return this with { StateMounts = AgentState.Prepare(root, Profile, Values), State = new AgentStateUse(Profile.Name, root, Shared: false) };
    }

    /// <summary>After a session: clears set-id bits the agent left in its state (<see cref="AgentState.ClearSetId(string)"/>); false when it could not.</summary>
    public bool ClearSetId(Action<string> notice) => ClearSetId(State, notice);

    /// <summary>Clears set-id bits in the state a session used (the end of a detached session, `stop`); false when it could not.</summary>
    public static bool ClearSetId(AgentStateUse? state, Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        try
        {
            if (state is not null)
            {
                AgentState.ClearSetId(state.Root);
            }

            return true;
        }
        catch (VibedomException e)
        {
            notice(e.Message); // the next session clears them first or refuses to start
            return false;
        }
    }

    /// <summary>Lets go of the shared state (the end of a foreground run; a detached one's host holds it on).</summary>
    public void Release() => Lock?.Dispose();

    private AgentStateLock? Hold(VibedomHome home)
    {
        try
        {
            Directory.CreateDirectory(home.AgentsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return AgentStateLock.TryHold(home.AgentsDirectory, Profile!.Name);
        }
        catch (IOException e)
        {
            throw VibedomException.Config($"agent state {AgentState.Root(home, Profile!)} cannot be locked for this session ({e.Message})");
        }
    }

    /// <summary>The session.log line saying what the profile did (names only, never a value).</summary>
    public string? Describe() => Profile is null ? null :
        $"Agent profile '{Profile.Name}': allowed for this session: {Join(Profile.AllowedHosts)}; settings: {Join(Profile.Env.Keys)}; "
        + $"set in its own config before the session (its sandbox off, its questions answered: docs/agents.md): {Join(Profile.Seed.Keys.Order(StringComparer.Ordinal))}; "
        + $"state (kept, agent-writable): {Join(StateMounts.Select(m => "~/" + m.HomeRelative))} in {(State is { Shared: false } ? "this session's private copy " : string.Empty)}{State?.Root}; kept out of the review: {Join(Profile.ReviewIgnore)}";

    private static string Join(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "none";
}
