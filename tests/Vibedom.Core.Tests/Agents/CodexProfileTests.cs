using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>The built-in codex profile (Agents/Builtin/codex.toml): what it allows, binds and keeps.</summary>
public sealed class CodexProfileTests
{
    [Fact]
    public void The_codex_profile_binds_codex_api_key_to_api_openai_com_allows_only_it_and_keeps_codex_home()
    {
        var profiles = AgentProfiles.Of(VibedomConfig.Default);
        var codex = profiles.ForCommand("codex")!;

        Assert.Contains("codex", AgentProfiles.BuiltinNames);
        Assert.Equal("codex", profiles.ForCommand("cx", "/opt/npm/lib/node_modules/@openai/codex/bin/codex.js")?.Name);
        Assert.Equal(["api.openai.com"], codex.AllowedHosts);
        Assert.Equal("CODEX_API_KEY", codex.Credential?.Env);
        Assert.Equal(["OPENAI_API_KEY"], codex.Credential?.Fallback ?? []);
        Assert.Equal(["api.openai.com"], codex.Credential?.Hosts ?? []);
        Assert.Equal(["~/.codex/"], codex.State);
        Assert.Equal(["chatgpt", "telemetry", "updates"], codex.OptionalHosts.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(codex.AllowedHosts, h => h.Contains("chatgpt", StringComparison.Ordinal) || h.Contains("github", StringComparison.Ordinal));
    }

    [Fact]
    public void Enabling_the_update_check_allows_github_for_codex_only()
    {
        var (config, errors) = ConfigLoader.Parse("[agents.codex]\nenable = [\"updates\"]\n", "c.toml");

        Assert.Empty(errors);
        Assert.Equal(["api.openai.com", "github.com", "api.github.com"], AgentProfiles.Of(config).ForCommand("codex")!.AllowedHosts);
    }
}
