using System.Globalization;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Agents work for hours: a foreground session outlives the .NET threads that started it, and a
/// signalled agent is reported as such. Through the real binary.
/// </summary>
public sealed class LongSessionTests
{
    [Fact]
    public async Task Foreground_session_survives_idle_thread_pool_retirement_with_proxied_requests()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("curl");
        await using var upstream = new UpstreamServer();
        await upstream.InitializeAsync();
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("README.md", "hi\n"));
        var init = await vibedom.RunAsync("init");
        Assert.True(init.ExitCode == 0, init.StandardError);
        await File.AppendAllTextAsync(Path.Combine(vibedom.Home, "trusted_domains.txt"), $"\n{UpstreamServer.Name}:{upstream.HttpsPort.ToString(CultureInfo.InvariantCulture)}\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(vibedom.Home, "config.toml"), $"""
            [network]
            upstream_ca = ["{upstream.CaPemPath}"]
            allow_private = ["127.0.0.1/32"]
            [network.hosts]
            "{UpstreamServer.Name}" = "127.0.0.1"
            """, TestContext.Current.CancellationToken);
        var url = $"https://{UpstreamServer.Name}:{upstream.HttpsPort.ToString(CultureInfo.InvariantCulture)}/hello";
        // Idle pool threads retire after 300 ms here instead of 20 s, so the thread that started the
        // sandbox is gone long before the agent's idle second ends (the default takes minutes to bite).
        var agent = $"for i in 1 2 3 4 5; do curl -sS -o /dev/null -w '%{{http_code}}\\n' {url}; done; sleep 3; "
            + $"for i in 1 2 3; do curl -sS -o /dev/null -w '%{{http_code}}\\n' {url}; sleep 1; done; echo still-alive";
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", agent], input: null, timeout: TimeSpan.FromSeconds(120),
            environment: new Dictionary<string, string>(vibedom.Environment()) { ["DOTNET_ThreadPool_ThreadTimeoutMs"] = "300" });

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardError}");
        Assert.True(run.StandardOutput.Split('\n').Count(l => l == "200") == 8, run.StandardOutput + run.StandardError);
        Assert.Equal(Enumerable.Repeat("200", 8).Append("still-alive"), run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l == "200" || l == "still-alive"));
        var network = await File.ReadAllLinesAsync(Directory.GetFiles(Path.Combine(vibedom.Home, "logs"), "network.jsonl", SearchOption.AllDirectories).Single(), TestContext.Current.CancellationToken);
        Assert.Equal(8, network.Count(l => l.Contains("\"status\":200", StringComparison.Ordinal) && l.Contains("/hello", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Agent_killed_by_a_signal_is_reported_in_the_summary_and_session_log()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("README.md", "hi\n"));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo partial > notes.txt; kill -KILL $$"], input: null);

        Assert.Equal(137, run.ExitCode);
        Assert.Contains("the agent was killed by signal 9 (SIGKILL), exit code 137", run.StandardOutput, StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(vibedom.Home, "logs"), "session.log", SearchOption.AllDirectories).Single(), TestContext.Current.CancellationToken);
        Assert.Contains("Command was killed by signal 9 (SIGKILL), exit code 137", log, StringComparison.Ordinal);
        Assert.Contains("notes.txt", run.StandardOutput, StringComparison.Ordinal);
    }
}
