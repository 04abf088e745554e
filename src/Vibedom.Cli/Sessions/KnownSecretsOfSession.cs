using Vibedom.Core.Config;
using Vibedom.Core.Home;
using Vibedom.Core.Sessions;
using Vibedom.Scanning;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Sessions;

/// <summary>
/// A detached session's proxy runs in its own process: before it listens, it learns the values that must never
/// be recorded the way `run` did (the workspace's secrets, found by the same scan; the passed host variables,
/// handed to it in its environment). No value is written to disk for it.
/// </summary>
internal static class KnownSecretsOfSession
{
    public static async Task RememberAsync(VibedomHome home, VibedomConfig config, Session session, CancellationToken cancellationToken)
    {
        SecretRedactor.Warm(home.RulesDirectory); // network.jsonl is redacted with the user's rules too
        SecretRedactor.Remember(config.PassEnvironment
            .Select(Environment.GetEnvironmentVariable)
            .Where(v => !string.IsNullOrEmpty(v))
            .Select(v => v!));
        var workspace = session.Record.Workspace;
        if (!Directory.Exists(workspace))
        {
            return;
        }

        var options = new ScanOptions { Ignored = IgnoreFile.LoadFrom(workspace) };
        var scanner = new FileTreeScanner(CompiledRules.Load(home.RulesDirectory).Detector.With(options.Detector), options);
        var result = await scanner.ScanAsync(workspace, null, cancellationToken).ConfigureAwait(false);
        SecretRedactor.Remember(result.SecretValues.Values);
    }

    /// <summary>The passed host variables, for the proxy process's environment.</summary>
    public static IEnumerable<KeyValuePair<string, string>> PassedVariables(VibedomConfig config) =>
        config.PassEnvironment
            .Select(name => KeyValuePair.Create(name, Environment.GetEnvironmentVariable(name) ?? string.Empty))
            .Where(p => p.Value.Length > 0);
}
