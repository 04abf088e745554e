using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>Bodies scrubbed as they flow: no added latency at line ends, bounded hold-back, no cut inside a match.</summary>
public sealed class BodyStreamingTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void An_sse_event_is_released_by_the_write_that_ends_it()
    {
        using var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();

        scrubber.Write(Utf8("event: delta\ndata: {\"text\":\"hello\"}\n\n"), output);

        Assert.Equal("event: delta\ndata: {\"text\":\"hello\"}\n\n", DlpFixture.Utf8(output.WrittenSpan));
        Assert.Equal(0, scrubber.HeldBytes);
        scrubber.Write(Utf8($"data: {{\"text\":\"{TestSecrets.GitHubPat}\"}}\n\n"), output);
        Assert.EndsWith("data: {\"text\":\"[REDACTED_GITHUB-PAT]\"}\n\n", DlpFixture.Utf8(output.WrittenSpan), StringComparison.Ordinal);
        Assert.Equal(0, scrubber.HeldBytes);
    }

    [Fact]
    public void Ndjson_lines_are_released_line_by_line_and_a_partial_line_is_held()
    {
        using var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();

        scrubber.Write(Utf8("{\"a\":1}\n{\"b\":"), output);

        Assert.Equal("{\"a\":1}\n", DlpFixture.Utf8(output.WrittenSpan));
        Assert.Equal(5, scrubber.HeldBytes);
    }

    [Fact]
    public void A_secret_split_across_two_writes_at_every_position_is_found_as_if_written_at_once()
    {
        var body = $"{{\"messages\":[{{\"content\":\"key {TestSecrets.AwsAccessKeyId} and {TestSecrets.SlackBotToken}\"}}]}}";
        var whole = DlpFixture.Scrub(DlpFixture.Replacing, body).Output;
        Assert.DoesNotContain(TestSecrets.AwsAccessKeyId, whole, StringComparison.Ordinal);

        for (var cut = 1; cut < body.Length; cut++)
        {
            var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body[..cut], body[cut..]);
            Assert.Equal(whole, output);
            Assert.Equal(2, hits.Count);
        }
    }

    [Fact]
    public void A_secret_split_across_writes_of_one_byte_each_is_found()
    {
        var body = $"line one\ntoken={TestSecrets.GitHubPat}\n{{\"k\":\"{TestSecrets.StripeLiveKey}\"}}";
        var chunks = Utf8(body).Select(b => new[] { b }).ToArray();

        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, chunks);

        Assert.Equal("line one\ntoken=[REDACTED_GITHUB-PAT]\n{\"k\":\"[REDACTED_STRIPE-SECRET-KEY]\"}", DlpFixture.Utf8(output));
        Assert.Equal(2, hits.Count);
    }

    [Fact]
    public void A_pem_private_key_is_held_from_begin_to_end_and_released_scrubbed_whole()
    {
        var pem = TestSecrets.PrivateKeyPem;
        var lines = ("before\n" + pem + "\nafter\n").Split('\n').Select(l => l + "\n").ToArray();
        using var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();

        scrubber.Write(Utf8(lines[0]), output);
        Assert.Equal("before\n", DlpFixture.Utf8(output.WrittenSpan));
        for (var i = 1; i < lines.Length - 3; i++)
        {
            scrubber.Write(Utf8(lines[i]), output);
            Assert.Equal("before\n", DlpFixture.Utf8(output.WrittenSpan)); // the block is held, lines and all
        }

        scrubber.Write(Utf8(lines[^3]), output); // -----END ... KEY-----
        Assert.Equal("before\n[REDACTED_PRIVATE-KEY]\n", DlpFixture.Utf8(output.WrittenSpan));
        Assert.Equal(0, scrubber.HeldBytes);
    }

    [Fact]
    public void A_pem_block_that_is_not_a_key_is_released_unchanged_at_its_end()
    {
        var cert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUtZm9yLXRlc3Rz\n-----END CERTIFICATE-----\n";
        using var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();

        scrubber.Write(Utf8(cert[..40]), output);
        Assert.Equal(0, output.WrittenCount);
        scrubber.Write(Utf8(cert[40..]), output);

        Assert.Equal(cert, DlpFixture.Utf8(output.WrittenSpan));
    }

    [Fact]
    public void A_pem_block_is_held_at_most_its_bound_then_released()
    {
        var limits = new DlpLimits { Tail = 1024, PemBlock = 4096 };
        var engine = DlpFixture.Engine(limits: limits);
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        scrubber.Write(Utf8("-----BEGIN CERTIFICATE-----\n"), output);

        for (var i = 0; i < 100; i++)
        {
            scrubber.Write(Utf8(new string('A', 63) + "\n"), output);
            Assert.InRange(scrubber.HeldBytes, 0, limits.PemBlock + 64);
        }

        Assert.True(output.WrittenCount > 0);
    }

    [Fact]
    public void A_private_key_longer_than_the_pem_bound_is_scrubbed_through_its_end()
    {
        var limits = new DlpLimits { Tail = 1024, PemBlock = 2048 };
        var engine = DlpFixture.Engine(limits: limits);
        var body = "x\n" + string.Concat("-----BEGIN RSA ", "PRIVATE KEY-----\n") + string.Concat(Enumerable.Repeat(new string('Q', 63) + "\n", 200))
            + string.Concat("-----END RSA ", "PRIVATE KEY-----\n") + "after\n";

        var (output, hits) = DlpFixture.Scrub(engine, Utf8(body).Chunk(100).ToArray());

        var text = DlpFixture.Utf8(output);
        Assert.StartsWith("x\n[REDACTED_PRIVATE-KEY]", text, StringComparison.Ordinal);
        Assert.EndsWith("after\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("QQQQ", text, StringComparison.Ordinal);
        Assert.Contains(hits, h => h.RuleId == "private-key");
    }

    [Fact]
    public void A_long_line_is_released_in_steps_holding_at_most_twice_the_tail()
    {
        var limits = new DlpLimits { Tail = 1024 };
        var engine = DlpFixture.Engine(limits: limits);
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();

        for (var i = 0; i < 200; i++)
        {
            scrubber.Write(Utf8(new string('a', 99) + " "), output);
            Assert.InRange(scrubber.HeldBytes, 0, 2 * limits.Tail);
        }

        Assert.InRange(output.WrittenCount, (200 * 100) - (2 * limits.Tail), 200 * 100);
    }

    [Fact]
    public void A_value_longer_than_the_hold_back_is_redacted_through_its_end()
    {
        var limits = new DlpLimits { Tail = 256, PemBlock = 256, Context = 64 };
        var engine = DlpFixture.Engine(limits: limits);
        var value = string.Concat(Enumerable.Range(0, 4000).Select(_ => (char)('a' + Random.Shared.Next(26))));
        var body = $"{{\"h\": \"Authorization: Bearer {value}\", \"next\": 1}}";

        var (output, hits) = DlpFixture.Scrub(engine, Utf8(body).Chunk(50).ToArray());

        var text = DlpFixture.Utf8(output);
        Assert.Equal("{\"h\": \"Authorization: Bearer [REDACTED_AUTHORIZATION-BEARER]\", \"next\": 1}", text);
        Assert.NotEmpty(hits);
    }
}
