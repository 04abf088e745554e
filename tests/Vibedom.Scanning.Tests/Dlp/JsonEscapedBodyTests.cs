using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>JSON bodies with escapes: values are found unescaped, replaced where they were sent (escaped).</summary>
public sealed class JsonEscapedBodyTests
{
    private static string SlashKey => string.Concat("wJalrXUtnFEMI/K7", "MDENG/bPxRfiCYzq3Vb8T2");

    private static string SlackWebhook => string.Concat("https://hooks.slack", ".com/services/", "T0A1B2C3D/B0E4F5G6H/", "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2");

    private static string Php(string value) => value.Replace("/", "\\/", StringComparison.Ordinal);

    [Fact]
    public void A_workspace_value_and_a_slack_webhook_in_php_style_json_are_replaced()
    {
        var engine = DlpFixture.Engine(exact: [SlashKey]);

        var (output, _) = DlpFixture.Scrub(engine, $"{{\"k\":\"{Php(SlashKey)}\",\"hook\":\"{Php(SlackWebhook)}\"}}");

        Assert.Equal("{\"k\":\"[REDACTED_PREFLIGHT]\",\"hook\":\"https:\\/\\/[REDACTED_SLACK-WEBHOOK-URL]\"}", output);
    }

    [Fact]
    public void A_workspace_value_with_a_quote_and_a_backslash_is_replaced_json_escaped()
    {
        var value = string.Concat("pa\"ss\\", "word-Xk29Qz");
        var engine = DlpFixture.Engine(exact: [value]);

        var (output, _) = DlpFixture.Scrub(engine, "{\"messages\":[{\"content\":\"line one\\nthe password is " + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + " ok\"}]}");

        Assert.Equal("{\"messages\":[{\"content\":\"line one\\nthe password is [REDACTED_PREFLIGHT] ok\"}]}", output);
    }

    [Fact]
    public void An_email_with_its_at_sign_unicode_escaped_is_replaced_in_a_body_and_a_text()
    {
        var mail = string.Concat("jane.doe", "\\u0040example.org");

        Assert.Equal("{\"m\":\"[REDACTED_EMAIL]\"}", DlpFixture.Scrub(DlpFixture.Replacing, "{\"m\":\"" + mail + "\"}").Output);
        Assert.Equal("[REDACTED_EMAIL]", DlpFixture.Replacing.ScrubText(mail).Text);
    }

    [Fact]
    public void A_webhook_split_across_two_writes_right_after_a_backslash_is_replaced()
    {
        var body = $"{{\"text\":\"hi\",\"hook\":\"{Php(SlackWebhook)}\"}}";
        var cut = body.IndexOf("\\/services", StringComparison.Ordinal) + 1;

        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, body[..cut], body[cut..]);

        Assert.Equal("{\"text\":\"hi\",\"hook\":\"https:\\/\\/[REDACTED_SLACK-WEBHOOK-URL]\"}", output);
    }

    [Fact]
    public void An_aws_key_glued_to_a_letter_is_replaced_in_base64_as_in_plain_text()
    {
        var glued = "x" + TestSecrets.AwsAccessKeyId;
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(glued));

        Assert.DoesNotContain(TestSecrets.AwsAccessKeyId, DlpFixture.Scrub(DlpFixture.Replacing, "k=" + glued).Output, StringComparison.Ordinal);
        Assert.Equal("k=[REDACTED_AWS-ACCESS-KEY-ID]", DlpFixture.Scrub(DlpFixture.Replacing, "k=" + base64).Output);
    }

    [Theory]
    [InlineData("{\"url\":\"https:\\/\\/example.com\\/docs\\/api?page=2\",\"caf\\u00e9\":\"na\\u00efve \\ud83d\\ude00\"}")]
    [InlineData("{\"code\":\"if (a \\/ b > 1) { return \\\"x\\\\y\\\"; }\\n\",\"id\":\"4f1c2b8e-9d3a-4e7f-8a6b-1c2d3e4f5a6b\"}")]
    [InlineData("{\"sha\":\"0123456789abcdef0123456789abcdef01234567\",\"path\":\"src\\/main\\/java\\/App.java\"}")]
    public void A_clean_json_body_with_escapes_passes_byte_identical(string body)
    {
        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.Equal(body, output);
        Assert.Empty(hits);
    }
}
