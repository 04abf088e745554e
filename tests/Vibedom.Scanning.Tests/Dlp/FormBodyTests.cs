using System.Text;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>Form-encoded bodies and texts: values are found as the receiver decodes them, replaced where they were sent.</summary>
public sealed class FormBodyTests
{
    private static string Form(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    [Fact]
    public void A_private_key_posted_as_a_python_form_is_replaced_in_its_encoded_form()
    {
        var body = "key=" + Form(TestSecrets.PrivateKeyPem + "\n") + "&note=hello";

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.Equal("key=[REDACTED_PRIVATE-KEY]%0A&note=hello", output);
        Assert.Contains(hits, h => h.RuleId == "private-key");
    }

    [Fact]
    public void A_workspace_value_with_spaces_and_slashes_posted_as_a_form_is_replaced()
    {
        var value = string.Concat("correct horse/", "battery staple+", "Xk29");
        var engine = DlpFixture.Engine(exact: [value]);

        var (output, _) = DlpFixture.Scrub(engine, "a=1&p=" + Form(value) + "&b=2");

        Assert.Equal("a=1&p=[REDACTED_PREFLIGHT]&b=2", output);
    }

    [Fact]
    public void A_card_an_iban_and_an_email_in_a_form_body_are_replaced()
    {
        var (card, iban, mail) = (string.Concat("4111 1111", " 1111 1111"), string.Concat("DE89 3704 0044", " 0532 0130 00"), string.Concat("jane.doe", "@example.org"));

        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, $"card={Form(card)}&iban={Form(iban)}&mail={Form(mail)}");

        Assert.Equal("card=[REDACTED_CREDIT-CARD]&iban=[REDACTED_IBAN]&mail=[REDACTED_EMAIL]", output);
    }

    [Fact]
    public void An_email_percent_encoded_in_a_header_or_percent_encoded_twice_in_a_body_is_replaced()
    {
        var mail = string.Concat("jane.doe", "%40example.org");

        Assert.Equal("X [REDACTED_EMAIL]", DlpFixture.Replacing.ScrubText("X " + mail).Text);
        Assert.Equal("m=[REDACTED_EMAIL]&x=1", DlpFixture.Scrub(DlpFixture.Replacing, "m=" + mail.Replace("%", "%25", StringComparison.Ordinal) + "&x=1").Output);
    }

    [Fact]
    public void A_form_value_split_across_two_writes_at_a_percent_escape_is_replaced()
    {
        var body = Encoding.UTF8.GetBytes("key=" + Form(TestSecrets.PrivateKeyPem) + "&z=1");
        var cut = Encoding.UTF8.GetString(body).IndexOf("%0A", StringComparison.Ordinal) + 1;

        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, body[..cut], body[cut..]);

        Assert.Equal("key=[REDACTED_PRIVATE-KEY]&z=1", DlpFixture.Utf8(output));
    }

    [Theory]
    [InlineData("q=hello+world&lang=en&page=2&sort=date%2Cdesc")]
    [InlineData("order=4111+1111+1111+1112&ref=ABCD+1234")]
    [InlineData("img=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg%3D%3D")]
    [InlineData("d=2024-01-15T10%3A30%3A00%2B01%3A00&v=1.2.3+build.4")]
    public void A_clean_form_body_passes_byte_identical(string body)
    {
        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.Equal(body, output);
        Assert.Empty(hits);
    }
}
