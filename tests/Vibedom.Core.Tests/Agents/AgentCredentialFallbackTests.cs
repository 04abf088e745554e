using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Vibedom.Core.Credentials;
using Vibedom.Core.Sessions.Launch;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// A profile credential's fallback variables (codex: CODEX_API_KEY, else the OPENAI_API_KEY an OpenAI user has set): the
/// value is read from the first one set on the host, the sandbox holds the sentinel under the profile's own variable, and
/// neither variable is ever passed in plain.
/// </summary>
public sealed class AgentCredentialFallbackTests
{
    private static readonly AgentProfile Codex = AgentProfiles.Of(VibedomConfig.Default).ForCommand("codex")!;

    [Fact]
    public void With_only_OPENAI_API_KEY_set_codex_gets_a_sentinel_of_it_as_CODEX_API_KEY_and_the_proxy_the_real_value()
    {
        var key = TestCredentials.OpenAiKey();
        string? Host(string name) => name == "OPENAI_API_KEY" ? key : null;
        var notices = new List<string>();
        var config = VibedomConfig.Default with { PassEnvironment = ["OPENAI_API_KEY", "LANG"] };

        var bound = new AgentSetup(Codex).Bind(config, Host, notices.Add);
        var credential = Assert.Single(SessionCredentials.Resolve(bound, Host));

        Assert.Empty(notices);
        Assert.Equal("CODEX_API_KEY", credential.Name);
        Assert.True(credential.Value == key, "the proxy holds the host's OPENAI_API_KEY");
        Assert.Equal(["api.openai.com"], credential.Hosts);
        Assert.Equal([KeyValuePair.Create("CODEX_API_KEY", credential.Sentinel)], SessionCredentials.SandboxVariables([credential]));
        Assert.Equal(["LANG"], bound.PassEnvironment); // the key's variable is never passed in plain
    }

    [Fact]
    public void The_profiles_own_variable_wins_over_its_fallback()
    {
        var codexKey = TestCredentials.OpenAiKey();
        var openAiKey = TestCredentials.OpenAiKey();
        string? Host(string name) => name switch { "CODEX_API_KEY" => codexKey, "OPENAI_API_KEY" => openAiKey, _ => null };

        var credential = Assert.Single(SessionCredentials.Resolve(new AgentSetup(Codex).Bind(VibedomConfig.Default, Host, _ => { }), Host));

        Assert.True(credential.Value == codexKey);
    }

    [Fact]
    public void With_neither_set_nothing_is_bound_and_the_notice_names_both_variables()
    {
        var notices = new List<string>();

        var bound = new AgentSetup(Codex).Bind(VibedomConfig.Default, _ => null, notices.Add);

        Assert.Empty(bound.Credentials);
        Assert.Equal("CODEX_API_KEY or OPENAI_API_KEY is not set: the codex profile has no key to bind (export it to use the agent's API)", Assert.Single(notices));
    }

    [Fact]
    public void A_user_profile_reads_fallback_and_reports_a_bad_one_at_its_location()
    {
        var (config, errors) = ConfigLoader.Parse(
            "[agents.gem]\ncommands = [\"gem\"]\ncredential = { env = \"GEMINI_API_KEY\", hosts = [\"generativelanguage.googleapis.com\"], fallback = [\"GOOGLE_API_KEY\"] }\n"
            + "[agents.bad]\ncommands = [\"bad\"]\ncredential = { env = \"BAD_KEY\", hosts = [\"x.example\"], fallback = [\"PATH\", \"no good\"] }\n",
            "c.toml");

        Assert.Equal(["GOOGLE_API_KEY"], AgentProfiles.Of(config).ForCommand("gem")!.Credential!.Fallback);
        Assert.Equal(2, errors.Count(e => e.ToString().StartsWith("c.toml(6,", StringComparison.Ordinal) && e.ToString().Contains("fallback:", StringComparison.Ordinal)));
    }
}
