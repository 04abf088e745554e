using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// Red team (redteam6) on the decoded passes: values written so that a receiver reads them whole but a pass saw only
/// part of them. Each failed on the engine of session 22.
/// </summary>
public sealed class RedTeamDecodedPassTests
{
    private static string Passphrase => string.Concat("correct horse ", "battery st4ple");

    private static string Card => string.Concat("4111 1111", " 1111 1111");

    /// <summary>
    /// Python's <c>parse_qs</c> reads <c>correct+h%6Frse battery st4ple</c> as the passphrase: a raw space ends the
    /// form run, and the pass held only the run with the escape (the rest was one <c>\n</c>).
    /// </summary>
    [Theory]
    [InlineData("correct+h%6Frse battery st4ple")]
    [InlineData("correct+horse battery+st4ple")]
    [InlineData("correct horse battery+st4ple")]
    public void A_workspace_passphrase_form_encoded_around_a_raw_space_is_replaced(string sent)
    {
        var engine = DlpFixture.Engine(exact: [Passphrase]);

        Assert.Equal("a=1&p=[REDACTED_PREFLIGHT]&b=2", DlpFixture.Scrub(engine, "a=1&p=" + sent + "&b=2").Output);
        Assert.Equal("p: [REDACTED_PREFLIGHT]", engine.ScrubText("p: " + sent).Text);
    }

    /// <summary>A JSON token ends at a space: the pass held the token with the escape and what came before it, not after.</summary>
    [Fact]
    public void A_card_with_a_digit_unicode_escaped_between_raw_spaces_is_replaced()
    {
        var sent = Card.Replace(" 1111 1111 1111", " \\u0031111 1111 1111", StringComparison.Ordinal);

        Assert.Equal("{\"c\":\"[REDACTED_CREDIT-CARD]\"}", DlpFixture.Scrub(DlpFixture.Replacing, "{\"c\":\"" + sent + "\"}").Output);
    }

    [Fact]
    public void A_card_grouped_by_raw_spaces_and_one_plus_in_a_form_is_replaced()
    {
        var sent = Card.Replace("1111 1111 1111", "1111+1111 1111", StringComparison.Ordinal);

        Assert.Equal("c=[REDACTED_CREDIT-CARD]&x=1", DlpFixture.Scrub(DlpFixture.Replacing, "c=" + sent + "&x=1").Output);
    }

    /// <summary>
    /// The original pass finds <c>u002edoe@example.org</c> (the escape's letters read as the address's start); the JSON
    /// pass finds the whole address, and was dropped because a match of the same rule overlapped it: <c>jane\</c> was sent.
    /// </summary>
    [Fact]
    public void An_email_with_its_dot_unicode_escaped_is_replaced_whole_not_from_the_escape_on()
    {
        var sent = string.Concat("jane", "\\u002edoe@example.org");

        Assert.Equal("{\"m\":\"[REDACTED_EMAIL]\"}", DlpFixture.Scrub(DlpFixture.Replacing, "{\"m\":\"" + sent + "\"}").Output);
        Assert.Equal("m: [REDACTED_EMAIL]", DlpFixture.Replacing.ScrubText("m: " + sent).Text);
    }
}
