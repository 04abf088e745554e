using System.Buffers;
using System.Text;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// Red team s29: a private key sent without its END line (<c>sed '$d' id_rsa</c>) is as much of a secret as with it,
/// and the private-key rule needed the END line: such a key passed DLP whole, plain, JSON-escaped or in base64, in a
/// body scrubbed whole or streamed (the PEM window only took a block longer than its 16 KiB bound). The rule now also
/// takes a key body that runs out without its END line.
/// </summary>
public sealed class PemWithoutEndTests
{
    private static string KeyWithoutEnd => TestSecrets.PrivateKeyPem[..TestSecrets.PrivateKeyPem.IndexOf("-----END", StringComparison.Ordinal)];

    public static TheoryData<string, bool> Forms => new()
    {
        { "plain", false }, { "plain", true }, { "json", false }, { "json", true }, { "base64", false }, { "base64", true },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_private_key_without_its_end_line_is_redacted(string form, bool streamed)
    {
        var payload = form switch
        {
            "json" => KeyWithoutEnd.Replace("\n", "\\n", StringComparison.Ordinal),
            "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyWithoutEnd)),
            _ => KeyWithoutEnd,
        };
        var body = Encoding.UTF8.GetBytes("{\"file\":\"" + payload + "\"}");

        var output = streamed ? Encoding.UTF8.GetString(DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(7).ToArray()).Output) : Whole(body);

        Assert.DoesNotContain(payload, output, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyWithoutEnd.Split('\n')[2], output, StringComparison.Ordinal);
        Assert.Contains("[REDACTED_PRIVATE-KEY]", output, StringComparison.Ordinal);
        Assert.EndsWith("\"}", output, StringComparison.Ordinal); // the key's run ends at the quote: the rest of the body stays
    }

    private static string Whole(byte[] body)
    {
        using var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        scrubber.ScrubWhole(body, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_private_key_with_its_end_line_is_redacted_through_it_and_no_further(bool streamed)
    {
        var body = Encoding.UTF8.GetBytes("key:\n" + TestSecrets.PrivateKeyPem + "\nand then some words\n");

        var output = streamed ? Encoding.UTF8.GetString(DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(7).ToArray()).Output) : Whole(body);

        Assert.Equal("key:\n[REDACTED_PRIVATE-KEY]\nand then some words\n", output);
    }
}
