using System.Text.Json;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Vibedom.Testing.Agents;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// A real agent CLI run by name in a real vibedom session with only its API key set on the host: its profile does the rest.
/// The model server stands in for the providers' hosts under their real names (<c>[network.hosts]</c> and
/// <c>upstream_ca</c>, test plumbing only); registry.npmjs.org is taken out of the allowlist (tests reach no outside host).
/// </summary>
internal sealed class AgentRun : IAsyncDisposable, IDisposable
{
    private AgentRun(VibedomBinary vibedom, ScriptedModelServer models, string prefix, string key)
    {
        Vibedom = vibedom;
        Models = models;
        Prefix = prefix;
        Key = key;
    }

    /// <summary>
    /// One agent run's bound on a slow machine, not a timing claim: OpenCode alone took 1-3 minutes to start on this shared
    /// 2-core machine, and 3 minutes killed a run that was still working (exit 137).
    /// </summary>
    public static TimeSpan Bound { get; } = TimeSpan.FromMinutes(8);

    public VibedomBinary Vibedom { get; }

    public ScriptedModelServer Models { get; }

    public string Prefix { get; }

    public string Key { get; }

    public static async Task<AgentRun> StartAsync(AgentPackage package, CancellationToken cancellationToken)
    {
        var prefix = await AgentInstall.EnsureAsync(package, cancellationToken);
        var models = new ScriptedModelServer();
        await models.InitializeAsync();
        var vibedom = new VibedomBinary();
        var init = await vibedom.RunAsync("init");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException(init.StandardError);
        }

        var allowlist = Path.Combine(vibedom.Home, "trusted_domains.txt");
        File.WriteAllLines(allowlist, File.ReadAllLines(allowlist).Where(l => !l.Contains("npmjs", StringComparison.Ordinal) && !l.StartsWith("api.anthropic.com", StringComparison.Ordinal)));
        var hosts = string.Join('\n', ScriptedModelServer.HostNames.Select(h => $"\"{h}\" = \"127.0.0.1:{models.HttpsPort}\""));
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"""
            [network]
            upstream_ca = ["{models.CaPemPath}"]
            allow_private = ["127.0.0.1/32"]
            [network.hosts]
            {hosts}
            """);
        return new AgentRun(vibedom, models, prefix, "sk-ant-" + "api03-" + new string('k', 80) + "-scripted");
    }

    /// <summary>`vibedom run WS --yes -- ARGS` with an empty stdin, the CLI's prefix on PATH and only the API key added.</summary>
    public Task<ProcessResult> RunAsync(string workspace, params string[] args)
    {
        var environment = Vibedom.Environment();
        environment["PATH"] = $"{Prefix}/bin:{environment["PATH"]}";
        environment["ANTHROPIC_API_KEY"] = Key;
        return Vibedom.RunAsync(["run", workspace, "--yes", "--", .. args], input: string.Empty, workingDirectory: workspace, environment: environment, timeout: Bound);
    }

    public List<string> Sessions() => [.. Directory.GetDirectories(Path.Combine(Vibedom.Home, "logs"), "session-*").Order(StringComparer.Ordinal)];

    /// <summary>network.jsonl of a session: (host, allowed, reason) per line.</summary>
    public static List<(string Host, bool Allowed, string Reason)> NetworkLog(string session) =>
        [.. File.ReadAllLines(Path.Combine(session, "network.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("host", out _))
            .Select(e => (e.GetProperty("host").GetString()!, e.GetProperty("allowed").GetBoolean(), e.GetProperty("reason").GetString() ?? string.Empty))];

    public string Describe(ProcessResult result) =>
        $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}\nrequests:\n{string.Join('\n', Models.Requests.Select(r => $"{r.Method} {r.Host}{r.Path}"))}";

    public async ValueTask DisposeAsync()
    {
        await Models.DisposeAsync();
        Vibedom.Dispose();
    }

    public void Dispose() => Vibedom.Dispose();
}
