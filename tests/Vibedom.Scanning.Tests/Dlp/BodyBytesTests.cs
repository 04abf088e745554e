using System.Text;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>A body is bytes of any content type: only matched spans change; escaped and encoded secrets are found.</summary>
public sealed class BodyBytesTests
{
    private static string Aws => TestSecrets.AwsAccessKeyId;

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Invalid_utf8_around_a_secret_passes_byte_identical_and_only_the_secret_changes()
    {
        byte[] junk = [0xFF, 0xC3, 0x28, 0xE2, 0x82, 0x00, 0x80, 0xF0, 0x9F];
        byte[] body = [.. junk, .. Bytes($" id={Aws} "), .. junk, (byte)'\n', .. junk];

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(5).ToArray());

        byte[] expected = [.. junk, .. Bytes(" id=[REDACTED_AWS-ACCESS-KEY-ID] "), .. junk, (byte)'\n', .. junk];
        Assert.Equal(expected, output);
        Assert.Single(hits);
    }

    [Fact]
    public void A_json_escaped_pem_private_key_is_replaced_whole()
    {
        var escaped = TestSecrets.PrivateKeyPem.Replace("\n", "\\n", StringComparison.Ordinal);
        var body = $"{{\"messages\":[{{\"role\":\"user\",\"content\":\"my key:\\n{escaped}\\nthanks\"}}]}}";

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, Bytes(body).Chunk(17).ToArray());

        Assert.Equal("{\"messages\":[{\"role\":\"user\",\"content\":\"my key:\\n[REDACTED_PRIVATE-KEY]\\nthanks\"}]}", DlpFixture.Utf8(output));
        Assert.Equal("private-key", Assert.Single(hits).RuleId);
    }

    [Fact]
    public void A_secret_with_json_unicode_escapes_inside_is_found()
    {
        var escaped = string.Concat(Aws.Select(c => $"\\u{(int)c:x4}"));
        var body = $"{{\"content\":\"{escaped}\"}}";

        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.DoesNotContain(escaped, output, StringComparison.Ordinal);
        Assert.Contains("[REDACTED_AWS-ACCESS-KEY-ID]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_escaped_quote_before_a_secret_does_not_hide_it()
    {
        var body = $"{{\"content\":\"he said \\\"{TestSecrets.StripeLiveKey}\\\" twice\"}}";

        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.Equal("{\"content\":\"he said \\\"[REDACTED_STRIPE-SECRET-KEY]\\\" twice\"}", output);
    }

    [Fact]
    public void A_form_encoded_secret_is_found_in_its_percent_encoded_range()
    {
        var encoded = Uri.EscapeDataString($"key={TestSecrets.StripeLiveKey}+x");
        var percentAll = string.Concat(Bytes(Aws).Select(b => $"%{b:X2}"));
        var body = $"a=1&note={encoded}&id={percentAll}&b=2";

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.DoesNotContain(TestSecrets.StripeLiveKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(percentAll, output, StringComparison.Ordinal);
        Assert.StartsWith("a=1&note=", output, StringComparison.Ordinal);
        Assert.EndsWith("&b=2", output, StringComparison.Ordinal);
        Assert.Equal(2, hits.Count);
    }

    [Fact]
    public void A_base64_blob_holding_a_secret_is_replaced_in_its_encoded_range()
    {
        var blob = Convert.ToBase64String(Bytes($"config: token={TestSecrets.GitHubPat}\n"));
        var body = $"{{\"file\":\"{blob}\",\"n\":1}}";

        var (bytes, hits) = DlpFixture.Scrub(DlpFixture.Replacing, Bytes(body).Chunk(9).ToArray());

        var output = DlpFixture.Utf8(bytes);
        Assert.DoesNotContain(blob, output, StringComparison.Ordinal);
        Assert.Contains("[REDACTED_GITHUB-PAT]", output, StringComparison.Ordinal);
        Assert.EndsWith("\",\"n\":1}", output, StringComparison.Ordinal);
        Assert.Equal("github-pat", Assert.Single(hits).RuleId);
    }

    [Fact]
    public void A_multipart_body_is_scrubbed_part_by_part_and_its_binary_part_is_untouched()
    {
        var binary = Enumerable.Range(0, 2048).Select(i => (byte)(i * 7)).ToArray();
        byte[] body =
        [
            .. Bytes("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"),
            .. Bytes($"my key {Aws} and mail jane@example.org\r\n"),
            .. Bytes("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
            .. binary,
            .. Bytes($"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"env\"\r\n\r\nTOKEN={TestSecrets.GitHubPat}\r\n--XyZ--\r\n"),
        ];

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(1000).ToArray());

        var text = Encoding.Latin1.GetString(output);
        Assert.Contains("my key [REDACTED_AWS-ACCESS-KEY-ID] and mail [REDACTED_EMAIL]\r\n", text, StringComparison.Ordinal);
        Assert.Contains("TOKEN=[REDACTED_GITHUB-PAT]\r\n--XyZ--\r\n", text, StringComparison.Ordinal);
        Assert.Contains(Encoding.Latin1.GetString(binary), text, StringComparison.Ordinal);
        Assert.Equal(3, hits.Count);
    }

    [Fact]
    public void An_octet_stream_body_of_600_kib_with_the_secret_near_the_end_is_scrubbed()
    {
        var filler = Enumerable.Range(0, 600 << 10).Select(i => (byte)(i % 251)).ToArray();
        byte[] body = [.. filler, .. Bytes($" {TestSecrets.SlackBotToken} "), .. filler[..100]];

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(16 << 10).ToArray());

        byte[] expected = [.. filler, .. Bytes(" [REDACTED_SLACK-TOKEN] "), .. filler[..100]];
        Assert.Equal(expected, output);
        Assert.Single(hits);
    }

    [Fact]
    public void A_secret_deep_inside_a_base64_blob_longer_than_the_hold_back_is_found_at_every_offset()
    {
        for (var pad = 0; pad < 4; pad++)
        {
            var file = new string('#', 3 * 20000) + "\n" + $"token={TestSecrets.GitHubPat}\n" + new string('#', 3000);
            var blob = Convert.ToBase64String(Bytes(file));
            var body = $"{{\"name\":\"notes{new string('x', pad)}.txt\",\"data\":\"{blob}\"}}";

            var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, Bytes(body).Chunk(4096).ToArray());

            Assert.Contains(hits, h => h.RuleId == "github-pat");
            Assert.DoesNotContain(blob, DlpFixture.Utf8(output), StringComparison.Ordinal);
        }
    }

    /// <summary>Bytes no text holds: 0xFF is never UTF-8, 0x90 is a continuation byte without its lead.</summary>
    private static byte[] Binary(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i % 2 == 0 ? 0xFF : 0x90))];

    [Fact]
    public void An_address_shaped_run_inside_binary_data_passes_byte_identical()
    {
        // random bytes spell one about once in 200 blocks of 256 KiB: "DH@R.SF" was one
        byte[] body = [.. Binary(40), .. Bytes("DH@R.SF"), .. Binary(40), .. Bytes("k@W.kk"), .. Binary(3)];

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(9).ToArray());

        Assert.Equal(body, output);
        Assert.Empty(hits);
    }

    [Fact]
    public void An_address_in_a_binary_record_with_text_fields_is_scrubbed()
    {
        // protobuf's framing: a tag byte and a length byte before each field
        byte[] body = [0x08, 0x96, 0x01, 0x12, 0x12, .. Bytes("alice@corp.example"), 0x1A, 0x0D, .. Bytes("Alice Example"), 0x22, 0x0B, .. Bytes("hello world")];

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(6).ToArray());

        byte[] expected = [0x08, 0x96, 0x01, 0x12, 0x12, .. Bytes("[REDACTED_EMAIL]"), 0x1A, 0x0D, .. Bytes("Alice Example"), 0x22, 0x0B, .. Bytes("hello world")];
        Assert.Equal(expected, output);
        Assert.Equal("email", Assert.Single(hits).RuleId);
    }

    [Fact]
    public void An_address_in_text_beside_a_few_invalid_bytes_is_scrubbed()
    {
        byte[] body = [0xFF, .. Bytes("Kontakt: M\u00fcller "), 0xC3, 0xBC, .. Bytes(" jo@x.ai, "), 0xFE, .. Bytes(" danke\n")];

        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.DoesNotContain("jo@x.ai", DlpFixture.Utf8(output), StringComparison.Ordinal);
    }
}
