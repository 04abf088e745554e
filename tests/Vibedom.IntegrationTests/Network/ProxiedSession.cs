using System.Text.Json;
using Vibedom.Testing;
using Vibedom.Testing.Network;

namespace Vibedom.IntegrationTests.Network;

/// <summary>
/// The real binary with a VIBEDOM_HOME whose allowlist lists the loopback upstream by name, pinned
/// to 127.0.0.1 through [network.hosts], with the upstream's test CA as upstream_ca.
/// </summary>
internal sealed class ProxiedSession : IAsyncDisposable
{
    private ProxiedSession(VibedomBinary vibedom, UpstreamServer upstream, string workspace)
    {
        Vibedom = vibedom;
        Upstream = upstream;
        Workspace = workspace;
    }

    public VibedomBinary Vibedom { get; }

    public UpstreamServer Upstream { get; }

    public string Workspace { get; }

    public string HttpsUrl(string path) => $"https://{UpstreamServer.Name}:{Upstream.HttpsPort}{path}";

    public string HttpUrl(string path) => $"http://{UpstreamServer.Name}:{Upstream.HttpPort}{path}";

    /// <param name="beforeInit">runs on the binary's home before `init` (a small tmpfs mounted there, say)</param>
    public static async Task<ProxiedSession> StartAsync(Func<VibedomBinary, Task>? beforeInit = null)
    {
        Prerequisite.RequireCommand("bwrap");
        var vibedom = new VibedomBinary();
        if (beforeInit is not null)
        {
            await beforeInit(vibedom);
        }

        var upstream = new UpstreamServer();
        await upstream.InitializeAsync();
        var init = await vibedom.RunAsync("init");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException("init failed: " + init.StandardError);
        }

        File.AppendAllText(Path.Combine(vibedom.Home, "trusted_domains.txt"),
            $"\n{UpstreamServer.Name}:{upstream.HttpsPort}\n{UpstreamServer.Name}:{upstream.HttpPort}\n");
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"""
            [network]
            upstream_ca = ["{upstream.CaPemPath}"]
            allow_private = ["127.0.0.1/32"]
            [network.hosts]
            "{UpstreamServer.Name}" = "127.0.0.1"
            "{UpstreamServer.OtherName}" = "127.0.0.1"
            """);
        return new ProxiedSession(vibedom, upstream, vibedom.Workspace("proj", ("README.md", "a project\n")));
    }

    /// <summary>Runs a shell snippet inside a fresh sandbox of the workspace; returns vibedom's result.</summary>
    public Task<Vibedom.Core.Processes.ProcessResult> RunInSandboxAsync(string script) =>
        Vibedom.RunAsync(["run", Workspace, "--yes", "--", "bash", "-c", script], input: null);

    /// <summary>The network.jsonl objects of the newest session, one per request (the lines written before forwarding left out).</summary>
    public IReadOnlyList<JsonElement> NetworkLog() => AllNetworkLogLines().Where(l => !l.TryGetProperty("phase", out _)).ToList();

    /// <summary>Every network.jsonl object of the newest session.</summary>
    public IReadOnlyList<JsonElement> AllNetworkLogLines()
    {
        var logs = Path.Combine(Vibedom.Home, "logs");
        var newest = Directory.GetDirectories(logs, "session-*").OrderDescending(StringComparer.Ordinal).First();
        var path = Path.Combine(newest, "network.jsonl");
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        await Upstream.DisposeAsync();
        Vibedom.Dispose();
    }
}
