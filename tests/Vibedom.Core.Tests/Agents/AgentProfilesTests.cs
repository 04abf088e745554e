using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>Built-in profiles, [agents.NAME] over them field by field, new agents without code, errors at file(line,col).</summary>
public sealed class AgentProfilesTests
{
    [Fact]
    public void Every_builtin_profile_reads_without_error_and_is_recognised_by_its_command()
    {
        var profiles = AgentProfiles.Of(VibedomConfig.Default);

        Assert.Contains("claude", AgentProfiles.BuiltinNames);
        Assert.Contains("opencode", AgentProfiles.BuiltinNames);
        Assert.Equal("claude", profiles.ForCommand("claude")?.Name);
        Assert.Equal("claude", profiles.ForCommand("/usr/local/bin/claude")?.Name);
        Assert.Equal("claude", profiles.ForCommand("cc", "/opt/npm/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe")?.Name);
        Assert.Equal("opencode", profiles.ForCommand("opencode")?.Name);
        Assert.Null(profiles.ForCommand("bash", "/usr/bin/bash"));
    }

    [Fact]
    public void The_claude_profile_binds_its_key_allows_only_its_api_and_keeps_its_state()
    {
        var claude = AgentProfiles.Of(VibedomConfig.Default).ForCommand("claude")!;

        Assert.Equal(["api.anthropic.com"], claude.AllowedHosts);
        Assert.Equal("ANTHROPIC_API_KEY", claude.Credential?.Env);
        Assert.Equal(["api.anthropic.com"], claude.Credential?.Hosts ?? []);
        Assert.Equal(["~/.claude/", "~/.claude.json"], claude.State);
        Assert.Equal("1", claude.Env["DISABLE_AUTOUPDATER"]);
        Assert.Contains("hasCompletedOnboarding", claude.Seed["~/.claude.json"], StringComparison.Ordinal);
        Assert.Contains("telemetry", claude.OptionalHosts.Keys);
    }

    [Fact]
    public void A_user_table_overrides_a_builtin_field_by_field_and_merges_maps_key_by_key()
    {
        const string text = """
            [agents.claude]
            hosts = ["gateway.corp.test"]
            enable = ["telemetry"]
            env = { DISABLE_TELEMETRY = "0", ANTHROPIC_BASE_URL = "https://gateway.corp.test" }
            """;

        var (config, errors) = ConfigLoader.Parse(text, "c.toml");
        var claude = AgentProfiles.Of(config).ForCommand("claude")!;

        Assert.Empty(errors);
        Assert.Equal(["gateway.corp.test", "statsig.anthropic.com", "sentry.io"], claude.AllowedHosts);
        Assert.Equal("0", claude.Env["DISABLE_TELEMETRY"]);
        Assert.Equal("1", claude.Env["DISABLE_AUTOUPDATER"]);
        Assert.Equal("https://gateway.corp.test", claude.Env["ANTHROPIC_BASE_URL"]);
        Assert.Equal(["~/.claude/", "~/.claude.json"], claude.State); // not written: the built-in's
        Assert.Equal("ANTHROPIC_API_KEY", claude.Credential?.Env);
    }

    [Fact]
    public void A_new_agent_is_added_in_config_with_sub_tables_and_no_code()
    {
        const string text = """
            [agents.aider]
            commands = ["aider"]
            hosts = ["api.openai.com"]
            credential = { env = "OPENAI_API_KEY", hosts = ["api.openai.com"] }
            state = ["~/.aider/", "~/.aider.conf.yml"]
            review_ignore = [".aider.chat.history.md", ".aider.tags.cache.v4/"]

            [agents.aider.env]
            AIDER_CHECK_UPDATE = "false"

            [agents.aider.optional_hosts]
            analytics = ["us.i.posthog.com"]

            [agents.aider.seed]
            "~/.aider.conf.yml" = '{"check-update": false}'
            """;

        var (config, errors) = ConfigLoader.Parse(text, "c.toml");
        var aider = AgentProfiles.Of(config).ForCommand("aider");

        Assert.Empty(errors);
        Assert.NotNull(aider);
        Assert.Equal(["api.openai.com"], aider.AllowedHosts);
        Assert.Equal("false", aider.Env["AIDER_CHECK_UPDATE"]);
        Assert.Equal(["us.i.posthog.com"], aider.OptionalHosts["analytics"]);
        Assert.Equal([".aider.chat.history.md", ".aider.tags.cache.v4"], aider.ReviewIgnore);
        Assert.Equal("OPENAI_API_KEY", aider.Credential?.Env);
    }

    [Fact]
    public void A_user_agent_with_a_builtins_command_wins_over_the_builtin()
    {
        var (config, errors) = ConfigLoader.Parse("[agents.my-claude]\ncommands = [\"claude\"]\n", "c.toml");

        Assert.Empty(errors);
        Assert.Equal("my-claude", AgentProfiles.Of(config).ForCommand("claude")?.Name);
    }

    [Fact]
    public void Bad_profile_entries_are_each_reported_at_their_location()
    {
        const string text = """
            [agents.x]
            commands = ["bin/x"]
            hosts = ["https://x.test"]
            env = { PATH = "/tmp", "1A" = "b" }
            state = ["/etc/passwd", "~/.config", "~/../x"]
            review_ignore = ["/abs", "../up"]
            seed = { "~/.x.json" = "not json" }
            credential = { env = "K" }
            colour = "red"
            enable = ["nope"]

            [agents.Bad]
            commands = ["b"]

            [agents.y]
            hosts = ["y.test"]
            """;

        var (_, errors) = ConfigLoader.Parse(text, "c.toml");
        var lines = errors.Select(e => e.ToString()).ToList();

        Assert.Contains("c.toml(2,12): agents.x.commands: 'bin/x' is not a command name (the base name of the program, e.g. \"claude\")", lines);
        Assert.Contains(lines, l => l.StartsWith("c.toml(3,9): agents.x.hosts: 'https://x.test' is not an allowlist entry", StringComparison.Ordinal));
        Assert.Contains("c.toml(4,16): agents.x.env.PATH: 'PATH' is set by vibedom itself and cannot be set by a profile", lines);
        Assert.Contains("c.toml(4,31): agents.x.env.1A: '1A' is not an environment variable name", lines);
        Assert.Contains("c.toml(5,9): agents.x.state: '/etc/passwd': must start with ~/ (state lives under the sandbox's HOME)", lines);
        Assert.Contains("c.toml(5,9): agents.x.state: '~/.config': ~/.config is shared by many applications: name the agent's own folder in it", lines);
        Assert.Contains("c.toml(5,9): agents.x.state: '~/../x': must name a file or folder under ~/, without '.', '..' or empty parts", lines);
        Assert.Contains("c.toml(6,17): agents.x.review_ignore: '/abs' must be a path relative to the workspace, e.g. \".git/opencode\"", lines);
        Assert.Contains("c.toml(7,24): agents.x.seed.~/.x.json: expected a JSON object, e.g. '{\"hasCompletedOnboarding\": true}'", lines);
        Assert.Contains(lines, l => l.StartsWith("c.toml(8,14): agents.x.credential: needs both env and at least one host", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("c.toml(9,1): unknown key 'agents.x.colour'", StringComparison.Ordinal));
        Assert.Contains("c.toml(1,2): agents.x.enable: no optional_hosts.nope to enable (it defines none)", lines);
        Assert.Contains("c.toml(12,2): [agents.Bad]: an agent is named in lower-case letters, digits, '-' and '_', e.g. [agents.aider]", lines);
        Assert.Contains("c.toml(15,2): agents.y: commands: name the program(s) it runs as, e.g. commands = [\"y\"]", lines);
    }
}
