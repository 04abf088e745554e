using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Vibedom.Core.Sessions.Launch;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>The session.log line of a profile: what it changed is never silent, its seeded config files included.</summary>
public sealed class AgentSetupDescribeTests
{
    [Fact]
    public void The_codex_line_names_the_config_files_its_profile_sets_its_own_sandbox_off_in()
    {
        var codex = AgentProfiles.Of(VibedomConfig.Default).ForCommand("codex")!;

        var line = new AgentSetup(codex).Describe();

        Assert.Contains("settings: none; set in its own config before the session (its sandbox off, its questions answered: docs/agents.md): ~/.codex/auth.json, ~/.codex/config.toml;", line, StringComparison.Ordinal);
    }
}
