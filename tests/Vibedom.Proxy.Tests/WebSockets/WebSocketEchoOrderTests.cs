using System.Text;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Proxy.WebSockets;
using Vibedom.Scanning;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// The message filter driven as the pumps drive it, with the real engine and rules, toward the client: DLP first, then
/// a bound host's real value back to its sentinel, in text, binary and control payloads alike (the HTTP order), and a
/// value split across two messages hidden in both pieces even when DLP takes the first piece for a key.
/// </summary>
public sealed class WebSocketEchoOrderTests
{
    private const string Host = "upstream.test";

    private static (WebSocketMessageFilter Filter, ProxyCredential Credential) Filter(string value)
    {
        var credential = ProxyCredential.Create("TEST_API_KEY", value, [Host]);
        var engines = DlpEngines.Create(DlpSettings.Default, CompiledRules.Defaults, [credential.Sentinel]);
        var returning = new CredentialBindings([credential]).For(Host)!.Returning;
        return (new WebSocketMessageFilter(engines.Request, engines.Response, returning, null, [credential.Sentinel]), credential);
    }

    private static string FromServer(WebSocketMessageFilter filter, byte opcode, string text) =>
        Encoding.UTF8.GetString(filter.Apply(toServer: false, opcode, Encoding.UTF8.GetBytes(text)).Span);

    [Theory]
    [InlineData(WebSocketFrame.Text)]
    [InlineData(WebSocketFrame.Binary)]
    [InlineData(WebSocketFrame.Ping)]
    [InlineData(WebSocketFrame.Pong)]
    public void An_echoed_key_a_rule_knows_arrives_redacted_and_any_other_as_the_sentinel(byte opcode)
    {
        var (known, anthropic) = Filter(TestCredentials.AnthropicKey());
        var (plain, other) = Filter(TestCredentials.PlainKey());

        var redacted = FromServer(known, opcode, "your key: " + anthropic.Value);
        var swapped = FromServer(plain, opcode, "your key: " + other.Value);

        Assert.Equal("your key: [REDACTED_ANTHROPIC-API-KEY]", redacted); // was the sentinel: the swap ran before DLP
        Assert.Equal("your key: " + other.Sentinel, swapped);
        Assert.Equal((0, 1), (known.Echoes, plain.Echoes));
    }

    [Fact]
    public void A_close_reason_echoing_a_key_a_rule_knows_arrives_redacted_after_its_code()
    {
        var (filter, credential) = Filter(TestCredentials.AnthropicKey());

        byte[] close = [0x03, 0xE8, .. Encoding.UTF8.GetBytes("bad key " + credential.Value)];
        var sent = filter.Apply(toServer: false, WebSocketFrame.Close, close).ToArray();

        Assert.Equal([0x03, 0xE8], sent[..2]);
        Assert.Equal("bad key [REDACTED_ANTHROPIC-API-KEY]", Encoding.UTF8.GetString(sent.AsSpan(2)));
    }

    [Theory]
    [InlineData(WebSocketFrame.Text, 40)]
    [InlineData(WebSocketFrame.Text, 60)]
    [InlineData(WebSocketFrame.Binary, 60)]
    [InlineData(WebSocketFrame.Text, 100)]
    public void A_key_split_across_two_messages_whose_first_piece_dlp_takes_for_a_key_is_hidden_in_both(byte opcode, int at)
    {
        // "token: " and 60 characters of the key read as a generic key to DLP: were DLP to redact that piece before the
        // swap saw it, nothing would tell the swap that the next message starts with the key's rest
        var (filter, credential) = Filter(TestCredentials.AnthropicKey());

        var seen = FromServer(filter, opcode, "token: " + credential.Value[..at]) + FromServer(filter, WebSocketFrame.Text, credential.Value[at..] + " ok");

        CredentialAssert.NoPieceIn(credential, seen);
        Assert.EndsWith(" ok", seen, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void A_message_that_only_ends_in_the_first_chars_of_a_real_value_arrives_unchanged(int length)
    {
        // a value with no known prefix: its sentinel differs from its first char, which any message may end in
        var (filter, credential) = Filter(TestCredentials.PlainKey());
        var text = "all done, see " + credential.Value[..length];

        Assert.Equal(text, FromServer(filter, WebSocketFrame.Text, text));
        Assert.Equal("next message", FromServer(filter, WebSocketFrame.Text, "next message"));
    }

    [Fact]
    public void A_message_ending_in_six_chars_or_more_of_a_real_value_has_them_swapped_at_once()
    {
        var (filter, credential) = Filter(TestCredentials.PlainKey());

        var seen = FromServer(filter, WebSocketFrame.Text, "key " + credential.Value[..WebSocketEchoes.MinPiece]);

        Assert.Equal("key " + credential.Sentinel[..WebSocketEchoes.MinPiece], seen);
    }
}
