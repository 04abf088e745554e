using System.Text.Json;
using Vibedom.Testing;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// Agent profiles applied by `vibedom run` through the real binary, with tiny shell "agents" standing in for the CLIs (the
/// profile is chosen by the command's name): the credential seen inside is the sentinel, the settings and seeded state are
/// there, state persists across sessions, the profile's hosts are allowed for its sessions only, and its bookkeeping stays
/// out of the review. The real CLIs: ClaudeCodeScriptedTests, OpenCodeScriptedTests.
/// </summary>
public sealed class AgentProfileSessionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_command_named_claude_gets_the_sentinel_the_settings_and_seeded_state_that_persists_and_never_the_key()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        ExecutableScript.Write(Path.Combine(bin, "claude"), """
            #!/bin/sh
            {
              echo "env=$ANTHROPIC_API_KEY"
              echo "init=$(tr '\0' ' ' < /proc/1/environ 2>/dev/null)"
              echo "self=$(env | tr '\n' ' ')"
              echo "autoupdater=$DISABLE_AUTOUPDATER"
              echo "earlier=$(cat "$HOME/.claude/left-by-agent" 2>/dev/null)"
              echo "config=$(tr -d ' \n' < "$HOME/.claude.json")"
              echo "settings=$(tr -d ' \n' < "$HOME/.claude/settings.json")"
            } > "seen-$1.txt"
            echo "from session $1" > "$HOME/.claude/left-by-agent"
            """);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var key = "sk-ant-" + "api03-" + new string('q', 60) + "-profile";
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";
        environment["ANTHROPIC_API_KEY"] = key;

        var first = await vibedom.RunAsync(["run", workspace, "--yes", "--", "claude", "one"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
        var second = await vibedom.RunAsync(["run", workspace, "--yes", "--", "claude", "two"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);

        Assert.True(first.ExitCode == 0, first.StandardError + first.StandardOutput);
        Assert.True(second.ExitCode == 0, second.StandardError + second.StandardOutput);
        var sessions = Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Order(StringComparer.Ordinal).ToList();
        var seenOne = Lines(File.ReadAllText(Path.Combine(ChangesOf(sessions, "one"), "seen-one.txt")));
        var seenTwo = Lines(File.ReadAllText(Path.Combine(ChangesOf(sessions, "two"), "seen-two.txt")));
        var sentinel = seenOne["env"];
        Assert.NotEqual(key, sentinel);
        Assert.Equal(key.Length, sentinel.Length);
        Assert.Contains($"ANTHROPIC_API_KEY={sentinel} ", seenOne["self"], StringComparison.Ordinal); // `env`: the sentinel
        Assert.DoesNotContain(key, seenOne["init"] + seenOne["self"], StringComparison.Ordinal); // nor the key in /proc/1/environ
        Assert.Equal("1", seenOne["autoupdater"]);
        Assert.Equal(string.Empty, seenOne["earlier"]);
        Assert.Contains("\"hasCompletedOnboarding\":true", seenOne["config"], StringComparison.Ordinal);
        Assert.Contains($"\"approved\":[\"{sentinel[^20..]}\"]", seenOne["config"], StringComparison.Ordinal);
        Assert.Contains($"\"{workspace}\":{{\"hasTrustDialogAccepted\":true", seenOne["config"], StringComparison.Ordinal);
        Assert.Equal("{\"sandbox\":{\"enabled\":false}}", seenOne["settings"]);

        // the second session: what the agent left in its state is there, the approved key is this session's sentinel
        Assert.Equal("from session one", seenTwo["earlier"]);
        Assert.NotEqual(sentinel, seenTwo["env"]);
        Assert.Contains($"\"approved\":[\"{seenTwo["env"][^20..]}\"]", seenTwo["config"], StringComparison.Ordinal);
        Assert.Equal("from session two\n", File.ReadAllText(Path.Combine(vibedom.Home, "agents", "claude", ".claude", "left-by-agent")));
        Assert.False(File.Exists(Path.Combine(ChangesOf(sessions, "two"), ".claude")), "state leaked into the review");

        // the key is nowhere vibedom wrote: not in the state, the logs, the records
        foreach (var file in Directory.EnumerateFiles(vibedom.Home, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length < (16 << 20)))
        {
            Assert.DoesNotContain(key, File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.Contains(File.ReadLines(Path.Combine(sessions[0], "session.log")), l => l.Contains("Agent profile 'claude'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_profile_in_config_allows_its_hosts_for_its_sessions_only_and_keeps_its_bookkeeping_out_of_the_review()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("curl");
        await using var server = new ScriptedModelServer();
        await server.InitializeAsync();
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"""
            [network]
            upstream_ca = ["{server.CaPemPath}"]
            allow_private = ["127.0.0.1/32"]
            [network.hosts]
            "models.dev" = "127.0.0.1:{server.HttpsPort}"
            "opencode.ai" = "127.0.0.1:{server.HttpsPort}"

            [agents.tinyagent]
            commands = ["tinyagent"]
            hosts = ["models.dev"]
            state = ["~/.tinyagent/"]
            review_ignore = [".tiny"]
            env = {"{"} TINY_MODE = "sandboxed" {"}"}
            """);
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        const string probe = """
            #!/bin/sh
            code() { curl -s -o /dev/null -w '%{http_connect}/%{http_code}' --max-time 20 "$1"; }
            { echo "mode=$TINY_MODE"; echo "profile=$(code https://models.dev/)"; echo "other=$(code https://opencode.ai/)"; } > "probe-$(basename "$0").txt"
            mkdir -p .tiny && echo bookkeeping > .tiny/session && echo work > real.txt
            if [ -d "$HOME/.tinyagent" ]; then echo state > "$HOME/.tinyagent/kept"; fi
            """;
        ExecutableScript.Write(Path.Combine(bin, "tinyagent"), probe);
        ExecutableScript.Write(Path.Combine(bin, "otheragent"), probe);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";

        var agent = await vibedom.RunAsync(["run", workspace, "--yes", "--", "tinyagent"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
        var diff = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);
        var other = await vibedom.RunAsync(["run", workspace, "--yes", "--", "otheragent"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);

        Assert.True(agent.ExitCode == 0, agent.StandardError + agent.StandardOutput);
        Assert.True(other.ExitCode == 0, other.StandardError + other.StandardOutput);
        var sessions = Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Order(StringComparer.Ordinal).ToList();
        var seen = Lines(File.ReadAllText(Path.Combine(sessions[0], "changes", "probe-tinyagent.txt")));
        var seenOther = Lines(File.ReadAllText(Path.Combine(sessions[1], "changes", "probe-otheragent.txt")));
        Assert.Equal("sandboxed", seen["mode"]);
        Assert.StartsWith("200/", seen["profile"], StringComparison.Ordinal); // the tunnel opened; the server answered
        Assert.NotEqual("200/000", seen["profile"]);
        Assert.StartsWith("403/", seen["other"], StringComparison.Ordinal);
        Assert.StartsWith("403/", seenOther["profile"], StringComparison.Ordinal); // another command: no profile, the host is not allowed
        Assert.Equal(string.Empty, seenOther["mode"]);
        Assert.Equal("state\n", File.ReadAllText(Path.Combine(vibedom.Home, "agents", "tinyagent", ".tinyagent", "kept")));

        Assert.True(diff.ExitCode == 0, diff.StandardError);
        Assert.Contains("real.txt", diff.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(".tiny", diff.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sessions[0], "changes", ".tiny", "session")), "the ignored file must stay in changes/ (never lost)");

        var log = File.ReadAllLines(Path.Combine(sessions[0], "network.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.ToString()).ToList();
        Assert.Contains(log, l => l.Contains("models.dev", StringComparison.Ordinal) && l.Contains("agent profile tinyagent", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("opencode.ai", StringComparison.Ordinal) && l.Contains("403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_path_the_agent_turned_into_a_symlink_stops_the_run_with_one_line_and_is_not_followed()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var bin = Path.Combine(vibedom.Root, "agent-bin");
        ExecutableScript.Write(Path.Combine(bin, "claude"), "#!/bin/sh\necho ran > ran.txt\n");
        var victim = Path.Combine(vibedom.Root, "victim.json");
        File.WriteAllText(victim, "{\"host\": \"file\"}");
        var state = Path.Combine(vibedom.Home, "agents", "claude");
        Directory.CreateDirectory(Path.Combine(state, ".claude"));
        File.CreateSymbolicLink(Path.Combine(state, ".claude.json"), victim);
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var environment = vibedom.Environment();
        environment["PATH"] = $"{bin}:{environment["PATH"]}";

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "claude"], input: null, workingDirectory: workspace, timeout: Generous, environment: environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a symbolic link; refusing to use it", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("{\"host\": \"file\"}", File.ReadAllText(victim));
    }

    private static string ChangesOf(List<string> sessions, string word) =>
        sessions.Select(s => Path.Combine(s, "changes")).Single(c => File.Exists(Path.Combine(c, $"seen-{word}.txt")));

    private static Dictionary<string, string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
