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

    /// <summary>
    /// A form field holds a raw newline as it is (<c>parse_qs</c> keeps it): a 25-line key posted with '+' for its
    /// spaces and its newlines raw passed, as the workspace's own value and by the private-key rule, because the pass
    /// held only the BEGIN and END runs (each line without a '+' between letters was one <c>\n</c>).
    /// </summary>
    [Theory]
    [InlineData("+", true)]
    [InlineData("+", false)]
    [InlineData("%20", false)]
    public void A_private_key_posted_with_plus_for_its_spaces_and_raw_newlines_is_replaced(string space, bool workspace)
    {
        var random = new Random(5);
        const string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var lines = Enumerable.Range(0, 25).Select(_ => new string(Enumerable.Range(0, 70).Select(_ => letters[random.Next(letters.Length)]).ToArray()));
        var pem = string.Concat("-----BEGIN ", "RSA PRIVATE", " KEY-----\n") + string.Join("\n", lines) + string.Concat("\n-----END ", "RSA PRIVATE", " KEY-----");
        var engine = workspace ? DlpFixture.Engine(exact: [pem]) : DlpFixture.Replacing;

        var (output, _) = DlpFixture.Scrub(engine, "key=" + pem.Replace(" ", "+", StringComparison.Ordinal).Replace("BEGIN+", "BEGIN" + space, StringComparison.Ordinal) + "&x=1");

        Assert.Matches(workspace ? @"^key=\[REDACTED_(PREFLIGHT|PRIVATE-KEY)\]&x=1$" : @"^key=\[REDACTED_PRIVATE-KEY\]&x=1$", output);
    }
}
