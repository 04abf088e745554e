using System.Text;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// Red team (redteam7): gitleaks' percent pattern runs from the first <c>%XX</c> of a line to its last, and one byte
/// in it that is not printable makes all of it decode to nothing. The hex, base64 and unicode runs between were never
/// matched: a key written in any of them between <c>%CE</c> and <c>%A9</c> passed in a URL, a query value or a header
/// (the decoded passes read JSON escapes and forms, not hex or base64). A body's form pass found some of them once it
/// read context on both sides; a text never did.
/// </summary>
public sealed class RedTeamPercentShadowTests
{
    private static string Stripe => TestSecrets.StripeLiveKey;

    private static string Aws => TestSecrets.AwsAccessKeyId;

    public static TheoryData<string, string> Shadowed() => new()
    {
        { Convert.ToHexString(Encoding.UTF8.GetBytes(Stripe)), "[REDACTED_STRIPE-SECRET-KEY]" },
        { Convert.ToBase64String(Encoding.UTF8.GetBytes(Aws)), "[REDACTED_AWS-ACCESS-KEY-ID]" },
        { "\\U0041" + Aws[1..], "[REDACTED_AWS-ACCESS-KEY-ID]" },
    };

    [Theory]
    [MemberData(nameof(Shadowed))]
    public void A_key_encoded_between_two_percent_escapes_that_do_not_decode_is_replaced(string encoded, string marker)
    {
        var sent = $"q %CE {encoded} %A9";
        var expected = $"q %CE {marker} %A9";

        Assert.Equal(expected, DlpFixture.Replacing.ScrubText(sent).Text);
        Assert.Equal(expected, DlpFixture.Scrub(DlpFixture.Replacing, sent).Output);
    }

    [Fact]
    public void A_line_of_undecodable_escapes_costs_one_more_scan_not_one_per_escape()
    {
        var line = string.Concat(Enumerable.Repeat("%CE", 200_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(line, DlpFixture.Replacing.ScrubText(line).Text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"{watch.Elapsed}");
    }
}
