using System.Security.Cryptography;
using System.Text;
using Vibedom.Scanning.Dlp;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// Workspace exact values sent in their own encodings (base64 at any alignment, URL-safe base64, hex, percent) are
/// found even when the encoded run is too short for the decoder, and the whole base64 groups around them are replaced.
/// </summary>
public sealed class EncodedExactValueTests
{
    /// <summary>A 10-byte password, as people choose them (assembled at run time).</summary>
    private static string Password => string.Concat("qW3x", "zP9v", "kL");

    private static DlpEngine Engine { get; } = DlpFixture.Engine(exact: [Password]);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12];

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Seeded bytes: a clean body that passes once passes every run.</summary>
    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string UrlSafe(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void A_short_value_in_padded_base64_is_replaced_with_its_padding_and_reported_with_the_value_hash()
    {
        var (output, hits) = DlpFixture.Scrub(Engine, $"note {Base64(Password)} end");

        Assert.Equal("note [REDACTED_PREFLIGHT] end", output);
        Assert.Equal(new DlpHit(DlpEngine.ExactValueRuleId, DlpClass.Secret, true, Hash(Password), 1), Assert.Single(hits));
        Assert.Equal("note [REDACTED_PREFLIGHT] end", Engine.ScrubText($"note {Base64(Password)} end").Text);
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("upper")]
    public void A_short_value_in_hex_is_replaced(string @case)
    {
        var bytes = Encoding.UTF8.GetBytes(Password);
        var hex = @case == "lower" ? Convert.ToHexStringLower(bytes) : Convert.ToHexString(bytes);

        var (output, hits) = DlpFixture.Scrub(Engine, $"note {hex} end");

        Assert.Equal("note [REDACTED_PREFLIGHT] end", output);
        Assert.Equal(Hash(Password), Assert.Single(hits).Hash);
    }

    /// <summary>
    /// The value at byte 0, 1 and 2 of a group of a longer blob of binary data (the decoder decodes printable text only),
    /// standard and URL-safe (the value's '>' and '?' give '+' and '/', or '-' and '_'): the groups holding any of its
    /// bits are replaced, the rest of the blob is kept.
    /// </summary>
    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void A_value_inside_a_binary_base64_blob_is_replaced_by_whole_groups_at_every_alignment(int before, bool urlSafe)
    {
        var value = string.Concat(">?>", "?>?", "Zk~", "?>");
        var engine = DlpFixture.Engine(exact: [value]);
        byte[] data = [.. Enumerable.Repeat((byte)0xFF, before), .. Encoding.UTF8.GetBytes(value), .. Enumerable.Range(0, 40).Select(i => (byte)(0x9D + (i * 7)))];
        var blob = Convert.ToBase64String(data);
        blob = urlSafe ? UrlSafe(blob) : blob;
        var first = before / 3 * 4; // the group holding the value's first byte
        var last = (before + value.Length + 2) / 3 * 4; // the end of the group holding its last byte

        var (output, hits) = DlpFixture.Scrub(engine, $"{{\"blob\":\"{blob}\"}}");

        Assert.Equal($"{{\"blob\":\"{blob[..first]}[REDACTED_PREFLIGHT]{blob[last..]}\"}}", output);
        Assert.Equal(Hash(value), Assert.Single(hits).Hash);
    }

    /// <summary>
    /// Unpadded base64 ending a path segment: the data may end with the value (the char after its needle has no bit of
    /// a next byte), so the '/' after it is a separator, not the rest of a group; inside data, the whole group goes.
    /// </summary>
    [Fact]
    public void A_value_in_unpadded_base64_in_a_path_segment_is_replaced_up_to_the_next_segment()
    {
        var path = $"/v1/{UrlSafe(Base64(Password))}/items";

        Assert.Equal("/v1/[REDACTED_PREFLIGHT]/items", Engine.ScrubText(path).Text);
    }

    [Fact]
    public void The_record_redactor_finds_a_known_value_in_short_base64_and_hex_too()
    {
        var known = new Vibedom.Scanning.Redaction.KnownSecrets([Password]);
        var bytes = Encoding.UTF8.GetBytes(Password);
        var url = $"https://example.test/a/{Base64(Password).TrimEnd('=')}/b/{Convert.ToHexStringLower(bytes)}";

        var redacted = Vibedom.Scanning.Redaction.Redactor.Default.Redact(url, known);

        Assert.DoesNotContain(Base64(Password)[..12], redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(bytes), redacted, StringComparison.Ordinal);
        Assert.StartsWith("https://example.test/a/[REDACTED_preflight:", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_as_the_password_of_a_basic_auth_header_is_replaced()
    {
        var password = string.Concat("zP9v", "kLq3"); // 8 bytes: "u:" and it are 14 base64 chars, too short to decode
        var header = "Basic " + Base64("u:" + password);

        var result = DlpFixture.Engine(exact: [password]).ScrubText(header);

        Assert.Equal("Basic [REDACTED_PREFLIGHT]", result.Text);
        Assert.Equal(Hash(password), Assert.Single(result.Hits).Hash);
    }

    [Fact]
    public void A_value_in_a_data_url_and_in_url_safe_base64_in_a_query_is_replaced()
    {
        var (output, _) = DlpFixture.Scrub(Engine, $"<img src=\"data:text/plain;base64,{Base64(Password)}\">");
        var query = Engine.ScrubText($"k={UrlSafe(Base64(Password))}&n=1");

        Assert.Equal("<img src=\"data:text/plain;base64,[REDACTED_PREFLIGHT]\">", output);
        Assert.Equal("k=[REDACTED_PREFLIGHT]&n=1", query.Text);
    }

    [Fact]
    public void A_short_value_in_base64_of_its_base64_is_replaced_the_outer_run_decoded_and_the_inner_matched()
    {
        var (output, hits) = DlpFixture.Scrub(Engine, $"note {Base64(Base64(Password))} end");

        Assert.Equal("note [REDACTED_PREFLIGHT] end", output);
        Assert.Equal(Hash(Password), Assert.Single(hits).Hash);
    }

    [Fact]
    public void A_value_with_spaces_and_symbols_percent_or_form_encoded_is_replaced()
    {
        var value = string.Concat("my pass", "/wörd 42!");
        var engine = DlpFixture.Engine(exact: [value]);
        var percent = Uri.EscapeDataString(value);
        var form = percent.Replace("%20", "+", StringComparison.Ordinal);

        Assert.Equal("a=[REDACTED_PREFLIGHT]&b=1", DlpFixture.Scrub(engine, $"a={form}&b=1").Output);
        Assert.Equal("a=[REDACTED_PREFLIGHT]&b=1", DlpFixture.Scrub(engine, $"a={percent.ToLowerInvariant()}&b=1").Output);
    }

    [Fact]
    public void A_base64_value_split_across_writes_of_a_long_single_line_body_is_replaced()
    {
        var random = new Random(11);
        var blob = Convert.ToBase64String(Bytes(random, 30_000)) + Base64("x" + Password) + Convert.ToBase64String(Bytes(random, 30_000));
        var body = Encoding.ASCII.GetBytes(blob);
        var chunks = body.Chunk(4001).ToArray(); // a write ends at 40,010, inside the value's 16 chars at 40,000

        var (output, hits) = DlpFixture.Scrub(Engine, chunks);

        Assert.DoesNotContain(Base64("x" + Password)[2..12], Encoding.ASCII.GetString(output), StringComparison.Ordinal);
        Assert.Contains("[REDACTED_PREFLIGHT]", Encoding.ASCII.GetString(output), StringComparison.Ordinal);
        Assert.Equal(Hash(Password), Assert.Single(hits).Hash);
    }

    [Fact]
    public void Encoded_forms_are_looked_for_from_eight_bytes_and_every_needle_then_holds_at_least_60_bits()
    {
        Assert.Empty(ExactValueEncodings.Of(RandomNumberGenerator.GetBytes(ExactValueEncodings.MinimumBytes - 1), "h"));
        for (var i = 0; i < 200; i++)
        {
            var needles = ExactValueEncodings.Of(RandomNumberGenerator.GetBytes(ExactValueEncodings.MinimumBytes), "h").ToList();
            Assert.All(needles.Where(n => n.Form is EncodedForm.Base64 or EncodedForm.Base64Url), n => Assert.True(n.Text.Length >= 10, n.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.All(needles.Where(n => n.Form == EncodedForm.Hex), n => Assert.Equal(16, n.Text.Length));
        }
    }

    [Fact]
    public void A_seven_byte_value_in_short_base64_is_a_known_gap_while_it_is_found_bare()
    {
        var value = string.Concat("zP9", "vkLq");
        var engine = DlpFixture.Engine(exact: [value]);

        Assert.Equal("x [REDACTED_PREFLIGHT] y", engine.ScrubText($"x {value} y").Text);
        Assert.Equal($"x {Base64(value)} y", engine.ScrubText($"x {Base64(value)} y").Text);
    }

    [Fact]
    public void Random_base64_and_hex_bodies_with_many_short_exact_values_pass_byte_identical()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 50).Select(_ => Convert.ToBase64String(Bytes(random, 6))).ToArray(); // 8 chars each
        var engine = DlpFixture.Engine(exact: values);
        var body = Convert.ToBase64String(Bytes(random, 512 * 1024)) + "\n" + Convert.ToHexStringLower(Bytes(random, 128 * 1024)) + "\n";

        var (output, hits) = DlpFixture.Scrub(engine, body);

        Assert.Empty(hits);
        Assert.Equal(body, output);
    }
}
