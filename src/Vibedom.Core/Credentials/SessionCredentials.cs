using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Credentials;

/// <summary>
/// A run's <c>[[credentials]]</c>: each entry's value read from vibedom's own environment, given a fresh sentinel.
/// The sandbox gets the sentinels (<see cref="SandboxVariables"/>), the proxy the whole credentials; the real values
/// reach no file, argv or environment of anything vibedom starts.
/// </summary>
public static class SessionCredentials
{
    /// <exception cref="VibedomException">A variable unset, empty or unusable (configuration error, exit 2), before anything starts.</exception>
    public static IReadOnlyList<ProxyCredential> Resolve(VibedomConfig config, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        environment ??= Environment.GetEnvironmentVariable;
        var errors = new List<ConfigError>();
        var credentials = new List<ProxyCredential>();
        foreach (var setting in config.Credentials)
        {
            var source = setting.From ?? setting.Env;
            var value = environment(source);
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(setting.Problem($"credentials: {source} is not set in vibedom's environment; export it, or remove this entry"));
            }
            else if (CredentialSentinel.CheckValue(value) is { } problem)
            {
                errors.Add(setting.Problem($"credentials: {source}: {problem}"));
            }
            else
            {
                credentials.Add(ProxyCredential.Create(setting.Env, value, setting.Hosts, setting.In, setting.Headers));
            }
        }

        return errors.Count == 0 ? credentials : throw VibedomException.Config([.. errors.Select(e => e.ToString())]);
    }

    /// <summary>What the sandbox holds: each credential's name with its sentinel.</summary>
    public static IEnumerable<KeyValuePair<string, string>> SandboxVariables(IEnumerable<ProxyCredential> credentials) =>
        credentials.Select(c => KeyValuePair.Create(c.Name, c.Sentinel));

    /// <summary>The session.log line naming each credential and its hosts (never a value or a sentinel).</summary>
    public static string Describe(IReadOnlyList<ProxyCredential> credentials) =>
        "Credentials (the sandbox holds sentinels; the proxy sends the real values only to their hosts, over TLS): "
        + string.Join("; ", credentials.Select(c => $"{c.Name} -> {string.Join(", ", c.Hosts)} in {string.Join(", ", CredentialPlaceWords.Format(c.Places))}"));
}
