using Vibedom.Proxy.Credentials;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Credentials;

/// <summary>The sentinel the sandbox holds: the provider's prefix, the value's length and kinds of character, random.</summary>
public sealed class CredentialSentinelTests
{
    [Fact]
    public void An_anthropic_key_keeps_its_prefix_and_length_and_gets_random_characters_of_its_alphabet()
    {
        var key = TestCredentials.AnthropicKey();

        var sentinel = CredentialSentinel.Create(key);

        Assert.StartsWith("sk-ant-api03-", sentinel, StringComparison.Ordinal);
        Assert.Equal(key.Length, sentinel.Length);
        Assert.NotEqual(key, sentinel);
        Assert.All(sentinel["sk-ant-api03-".Length..], c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    [Fact]
    public void Two_sessions_get_different_sentinels_for_the_same_value()
    {
        var key = TestCredentials.OpenAiKey();

        Assert.NotEqual(CredentialSentinel.Create(key), CredentialSentinel.Create(key));
        Assert.StartsWith("sk-proj-", CredentialSentinel.Create(key), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gh", "p_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8")]
    [InlineData("github", "_pat_", "11ABCDEFG0abcdefghijkl_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")]
    [InlineData("xo", "xb-", "1234567890-abcdefghijABCDEFGHIJ")]
    public void Known_prefixes_are_kept(string first, string second, string rest)
    {
        var value = first + second + rest;

        var sentinel = CredentialSentinel.Create(value);

        Assert.StartsWith(first + second, sentinel, StringComparison.Ordinal);
        Assert.Equal(value.Length, sentinel.Length);
    }

    [Fact]
    public void A_hex_value_without_a_known_prefix_gets_a_hex_sentinel_of_its_length()
    {
        var value = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

        var sentinel = CredentialSentinel.Create(value);

        Assert.Equal(value.Length, sentinel.Length);
        Assert.All(sentinel, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
        Assert.Equal(string.Empty, CredentialSentinel.Prefix(value));
    }

    [Fact]
    public void A_value_with_symbols_gets_a_sentinel_of_letters_and_digits_only()
    {
        var value = string.Concat("wJalrXUtnFEMI/K7MDENG", "+bPxRfiCYEXAMPLEKEY=");

        var sentinel = CredentialSentinel.Create(value);

        Assert.Equal(value.Length, sentinel.Length);
        Assert.All(sentinel, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-value")]
    [InlineData("has a space in it, long enough")]
    [InlineData("has\"a-quote-and-is-long-enough")]
    [InlineData("non-ascii-é-long-enough-value")]
    public void Values_that_cannot_be_swapped_safely_are_refused_with_a_reason_that_does_not_quote_them(string value)
    {
        var problem = CredentialSentinel.CheckValue(value);

        Assert.NotNull(problem);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_credential_prints_its_name_and_hosts_never_its_value()
    {
        var key = TestCredentials.AnthropicKey();
        var credential = ProxyCredential.Create("ANTHROPIC_API_KEY", key, ["API.Anthropic.com."]);

        Assert.Equal("credential ANTHROPIC_API_KEY for api.anthropic.com", credential.ToString());
        Assert.DoesNotContain(key, $"{credential}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*.anthropic.com")]
    [InlineData("https://api.anthropic.com")]
    [InlineData("api.anthropic.com:443")]
    [InlineData("bad host")]
    public void Host_names_are_exact_names_only(string host) => Assert.NotNull(CredentialHosts.Check(host));

    [Theory]
    [InlineData("api.anthropic.com")]
    [InlineData("127.0.0.1")]
    public void Host_names_and_addresses_are_accepted(string host) => Assert.Null(CredentialHosts.Check(host));
}
