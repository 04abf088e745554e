using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>A body held whole is scrubbed in one scan, with the result of the streamed scrub of the same bytes.</summary>
public sealed class WholeBodyTests
{
    private static (byte[] Output, IReadOnlyList<DlpHit> Hits) Whole(DlpEngine engine, byte[] body)
    {
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        scrubber.ScrubWhole(body, output);
        return (output.WrittenSpan.ToArray(), scrubber.Hits);
    }

    public static TheoryData<string, string> Bodies()
    {
        var filler = string.Concat(Enumerable.Repeat("{\"role\":\"user\",\"content\":\"refactor Sum(xs) and run the tests\\n\"},", 900));
        return new()
        {
            { "clean JSON, one line of 60 KB", "{\"messages\":[" + filler + "{}]}" },
            { "a key deep in a long line", "{\"messages\":[" + filler + "{\"content\":\"use " + TestSecrets.AwsAccessKeyId + " now\"}]}" },
            { "a key on both sides of the streaming cuts", filler + TestSecrets.GitHubPat + filler + TestSecrets.StripeLiveKey + filler },
            { "PII across lines", "mail " + "jane.doe" + "@" + "example-corp.com\n" + filler + "\ncard 4111 1111 1111 1111\n" },
            { "a private key block", filler + "\n" + TestSecrets.PrivateKeyPem + "\n" + filler },
            { "an exact value base64-encoded", filler + Convert.ToBase64String(Encoding.UTF8.GetBytes("token=" + Exact)) + filler },
        };
    }

    private static string Exact => string.Concat("q9Zr", "W3kd", "P0xa", "77Lm");

    [Theory]
    [MemberData(nameof(Bodies))]
    public void A_body_scrubbed_whole_gives_the_streamed_output_and_hits(string why, string text)
    {
        var engine = DlpFixture.Engine(exact: [Exact]);
        var body = Encoding.UTF8.GetBytes(text);

        var whole = Whole(engine, body);
        var streamed = DlpFixture.Scrub(engine, body.Chunk(64 << 10).ToArray());

        Assert.True(streamed.Output.AsSpan().SequenceEqual(whole.Output), why);
        Assert.Equal(streamed.Hits, whole.Hits);
    }

    [Fact]
    public void A_body_scrubbed_whole_replaces_each_value_and_keeps_the_rest()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":\"" + TestSecrets.AwsAccessKeyId + "\",\"b\":\"" + new string('x', 70_000) + "\"}");

        var (output, hits) = Whole(DlpFixture.Replacing, body);

        Assert.Equal("{\"a\":\"[REDACTED_AWS-ACCESS-KEY-ID]\",\"b\":\"" + new string('x', 70_000) + "\"}", Encoding.UTF8.GetString(output));
        Assert.Equal("aws-access-key-id", Assert.Single(hits).RuleId);
    }

    [Fact]
    public void A_body_over_the_whole_limit_is_streamed_with_the_same_result()
    {
        var body = Encoding.UTF8.GetBytes(new string('a', BodyScrubber.WholeLimit) + " " + TestSecrets.GitHubPat + " end");

        var (output, hits) = Whole(DlpFixture.Replacing, body);

        Assert.EndsWith(" [REDACTED_GITHUB-PAT] end", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Single(hits);
    }
}
