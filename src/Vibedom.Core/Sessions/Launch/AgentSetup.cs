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

    /// <summary>Where <see cref="ProxyOptionsAllowlist"/> came from, in network.jsonl's reasons.</summary>
    public string Origin => $"agent profile {Profile?.Name}";

    public IReadOnlyList<string> ProxyOptionsAllowlist => Profile?.AllowedHosts ?? [];

    public IReadOnlyDictionary<string, string> Environment => Profile?.Env ?? new Dictionary<string, string>();

    public IReadOnlyList<string> ReviewIgnore => Profile?.ReviewIgnore ?? [];

    /// <summary>
    /// <paramref name="config"/> with the profile's credential added (unless a <c>[[credentials]]</c> entry binds the same
    /// variable: the user's wins) and taken out of <c>[run] env</c> (never passed in plain). Unset on the host: no
    /// credential, and a notice.
    /// </summary>
    public VibedomConfig Bind(VibedomConfig config, Func<string, string?> environment, Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Profile?.Credential is not { } credential || config.Credentials.Any(c => c.Env == credential.Env))
        {
            return config;
        }

        if (string.IsNullOrEmpty(environment(credential.Env)))
        {
            notice($"{credential.Env} is not set: the {Profile.Name} profile has no key to bind (export it to use the agent's API)");
            return config;
        }

        var at = new ConfigError($"agent profile {Profile.Name}", 1, 1, string.Empty);
        return config with
        {
            Credentials = [.. config.Credentials, new CredentialSetting(credential.Env, credential.Hosts, at)],
            PassEnvironment = [.. config.PassEnvironment.Where(n => n != credential.Env)],
        };
    }

    /// <summary>Makes the state and merges the seeds, for a session on <paramref name="workspace"/> with <paramref name="credentials"/>.</summary>
    public AgentSetup Prepared(VibedomHome home, string workspace, string sandboxHome, IReadOnlyList<ProxyCredential> credentials)
    {
        if (Profile is null)
        {
            return this;
        }

        var sentinel = credentials.FirstOrDefault(c => c.Name == Profile.Credential?.Env)?.Sentinel ?? string.Empty;
        var tail = sentinel.Length > 20 ? sentinel[^20..] : sentinel;
        return this with { StateMounts = AgentState.Prepare(home, Profile, new SeedValues(workspace, sandboxHome, tail) { Credential = sentinel }) };
    }

    /// <summary>After a session: clears set-id bits the agent left in its state (<see cref="AgentState.ClearSetId(VibedomHome, AgentProfile)"/>); false when it could not.</summary>
    public bool ClearSetId(VibedomHome home, Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        try
        {
            if (Profile is not null)
            {
                AgentState.ClearSetId(home, Profile);
            }

            return true;
        }
        catch (VibedomException e)
        {
            notice(e.Message); // the next session clears them first or refuses to start
            return false;
        }
    }

    /// <summary>The session.log line saying what the profile did (names only, never a value).</summary>
    public string? Describe() => Profile is null ? null :
        $"Agent profile '{Profile.Name}': allowed for this session: {Join(Profile.AllowedHosts)}; settings: {Join(Profile.Env.Keys)}; "
        + $"state (kept, agent-writable): {Join(StateMounts.Select(m => "~/" + m.HomeRelative))}; kept out of the review: {Join(Profile.ReviewIgnore)}";

    private static string Join(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "none";
}
