using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// Red team (redteam7): a card written with its CVV, expiry or a count in the same run of digit groups was no card to
/// the detector (the run's grouping or length fits none), so it passed raw; percent-encoded with a digit after it, it
/// passed too once the form pass read context on both sides (the pass used to end at the run and found the card alone).
/// </summary>
public sealed class RedTeamCardTests
{
    private static string Card => string.Concat("4111", "1111", "1111", "1111");

    private static string Grouped => string.Concat("4111 1111", " 1111 1111");

    public static TheoryData<string, string> Sent() => new()
    {
        { $"card {Grouped} 123 ok", "card [REDACTED_CREDIT-CARD] 123 ok" },
        { $"card {Card} 123 ok", "card [REDACTED_CREDIT-CARD] 123 ok" },
        { $"card {Card} 0", "card [REDACTED_CREDIT-CARD] 0" },
        { $"card {Grouped} 0526", "card [REDACTED_CREDIT-CARD] 0526" },
        { $"card {Grouped.Replace(' ', '-')}-0526", "card [REDACTED_CREDIT-CARD]-0526" },
        { $"qty 2 {Card}", "qty 2 [REDACTED_CREDIT-CARD]" },
        { "{\"k\":\"41%31%31%3111111111111 0\"}", "{\"k\":\"[REDACTED_CREDIT-CARD] 0\"}" },
        { "{\"k\":\"4111 \\u0031111 1111 1111 123\"}", "{\"k\":\"[REDACTED_CREDIT-CARD] 123\"}" },
    };

    [Theory]
    [MemberData(nameof(Sent))]
    public void A_card_with_a_short_group_joined_to_it_is_replaced_and_the_group_kept(string sent, string expected)
    {
        Assert.Equal(expected, DlpFixture.Scrub(DlpFixture.Replacing, sent).Output);
        Assert.Equal(expected, DlpFixture.Replacing.ScrubText(sent).Text);
    }

    [Theory]
    [InlineData("id 41111 11111 11111 1")]
    [InlineData("ids 4111 1111 1111 1112 3")]
    [InlineData("n 12345 4111111111111111")]
    [InlineData("table 1234 5678 9012 3456 7890")]
    public void A_run_with_no_card_at_either_end_passes(string sent)
    {
        Assert.Equal(sent, DlpFixture.Scrub(DlpFixture.Replacing, sent).Output);
    }
}
