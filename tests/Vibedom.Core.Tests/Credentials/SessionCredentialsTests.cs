using Vibedom.Core.Config;
using Vibedom.Core.Credentials;
using Vibedom.Core.Errors;
using Vibedom.Core.Sessions.Hosting;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Credentials;

/// <summary>A run's credentials: read from vibedom's environment, a sentinel each; unset is exit 2 naming the entry.</summary>
public sealed class SessionCredentialsTests
{
    private static VibedomConfig Config(string text)
    {
        var (config, errors) = ConfigLoader.Parse(text, "c.toml");
        Assert.Empty(errors);
        return config;
    }

    private const string Anthropic = "[[credentials]]\nenv = \"ANTHROPIC_API_KEY\"\nhosts = [\"api.anthropic.com\"]\n";

    [Fact]
    public void Resolve_gives_each_credential_a_sentinel_of_its_value_and_the_sandbox_only_the_sentinel()
    {
        var key = TestCredentials.AnthropicKey();

        var credential = Assert.Single(SessionCredentials.Resolve(Config(Anthropic), name => name == "ANTHROPIC_API_KEY" ? key : null));

        Assert.True(credential.Value == key);
        Assert.Equal(["api.anthropic.com"], credential.Hosts);
        Assert.Equal([KeyValuePair.Create("ANTHROPIC_API_KEY", credential.Sentinel)], SessionCredentials.SandboxVariables([credential]));
        Assert.DoesNotContain(key, SessionCredentials.Describe([credential]), StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Sentinel, SessionCredentials.Describe([credential]), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_an_unset_variable_is_a_configuration_error_at_its_entry()
    {
        var e = Assert.Throws<VibedomException>(() => SessionCredentials.Resolve(Config(Anthropic), _ => null));

        Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
        Assert.Equal("c.toml(1,1): credentials: ANTHROPIC_API_KEY is not set in vibedom's environment; export it, or remove this entry", e.Message);
    }

    [Fact]
    public void Resolve_an_unusable_value_is_refused_without_quoting_it()
    {
        var value = "short" + "value";

        var e = Assert.Throws<VibedomException>(() => SessionCredentials.Resolve(Config(Anthropic), _ => value));

        Assert.StartsWith("c.toml(1,1): credentials: ANTHROPIC_API_KEY: the value has 10 characters", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_channel_carries_values_and_credentials_to_a_detached_host()
    {
        var credential = Assert.Single(SessionCredentials.Resolve(Config(Anthropic), _ => TestCredentials.AnthropicKey()));
        var text = string.Join('\n', HostChannel.SecretLines(["a-known-secret"], ["a-workspace-secret"], [credential])) + "\n";

        var read = await HostChannel.ReadSecretsAsync(new StringReader(text), TestContext.Current.CancellationToken);

        Assert.NotNull(read);
        Assert.Equal(["a-known-secret"], read.Values);
        Assert.Equal(["a-workspace-secret"], read.Workspace);
        var received = Assert.Single(read.Credentials);
        Assert.True((credential.Name, credential.Sentinel, credential.Value) == (received.Name, received.Sentinel, received.Value));
        Assert.Equal(credential.Hosts, received.Hosts);
        Assert.DoesNotContain(credential.Value, text, StringComparison.Ordinal); // base64 on the pipe, and never anywhere else
    }

    [Fact]
    public async Task The_host_channel_carries_an_agent_profiles_session_allowlist_to_a_detached_host()
    {
        var text = string.Join('\n', HostChannel.SecretLines([], [], [], new SessionAllowlist("agent profile claude", ["api.anthropic.com", "*.model.test:8443"]))) + "\n";

        var read = await HostChannel.ReadSecretsAsync(new StringReader(text), TestContext.Current.CancellationToken);

        Assert.NotNull(read);
        Assert.Equal("agent profile claude", read.Allowlist.Origin);
        Assert.Equal(["api.anthropic.com", "*.model.test:8443"], read.Allowlist.Hosts);
    }

    [Fact]
    public async Task A_credentials_opt_in_places_and_headers_reach_a_detached_host()
    {
        var config = Config(Anthropic + "in = [\"header\", \"body\"]\nheaders = [\"X-Custom-Key\"]\n");
        var credential = Assert.Single(SessionCredentials.Resolve(config, _ => TestCredentials.AnthropicKey()));
        var text = string.Join('\n', HostChannel.SecretLines([], [], [credential])) + "\n";

        var received = Assert.Single((await HostChannel.ReadSecretsAsync(new StringReader(text), TestContext.Current.CancellationToken))!.Credentials);

        Assert.Equal(Vibedom.Proxy.Credentials.CredentialPlaces.Header | Vibedom.Proxy.Credentials.CredentialPlaces.Body, received.Places);
        Assert.Equal(["x-custom-key"], received.Headers);
        Assert.Equal(["api.anthropic.com"], received.Hosts);
        Assert.Contains("ANTHROPIC_API_KEY -> api.anthropic.com in header, body", SessionCredentials.Describe([credential]), StringComparison.Ordinal);
    }
}
