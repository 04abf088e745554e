using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>An attacker stacks encodings: each decoded pass feeds the next, and the marker lands on the encoded span.</summary>
public sealed class MixedEncodingTests
{
    private static string Webhook => string.Concat("https://hooks.slack", ".com/services/", "T0A1B2C3D/B0E4F5G6H/", "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2");

    private static string Mail => string.Concat("jane.doe", "@example.org");

    public static TheoryData<string, string, string> Stacked() => new()
    {
        { "JSON in a JSON string (slashes escaped twice)", "{\"payload\":\"{\\\"hook\\\":\\\"" + Webhook.Replace("/", "\\\\\\/", StringComparison.Ordinal) + "\\\"}\"}", Webhook },
        { "PHP-style JSON in a form value", "data=" + Uri.EscapeDataString("{\"hook\":\"" + Webhook.Replace("/", "\\/", StringComparison.Ordinal) + "\"}"), Webhook },
        { "a unicode escape in a form value", "m=" + Mail.Replace("@", "\\u0040", StringComparison.Ordinal) + "&x=1", Mail },
        { "a percent escape in JSON", "{\"m\":\"" + Mail.Replace("@", "%40", StringComparison.Ordinal) + "\"}", Mail },
        { "a PEM key in PHP-style JSON", "{\"k\":\"" + TestSecrets.PrivateKeyPem.Replace("\n", "\\n", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal) + "\"}", TestSecrets.PrivateKeyPem.Split('\n')[1] },
    };

    [Theory]
    [MemberData(nameof(Stacked))]
    public void A_value_under_stacked_encodings_is_replaced_where_it_was_sent(string why, string body, string value)
    {
        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.NotEmpty(hits);
        Assert.Contains("[REDACTED_", output, StringComparison.Ordinal);
        var unescaped = Uri.UnescapeDataString(output).Replace("\\", string.Empty, StringComparison.Ordinal).Replace("u0040", "@", StringComparison.Ordinal);
        Assert.False(unescaped.Contains(value.Replace("\\", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal), why + ": " + output);
    }
}
