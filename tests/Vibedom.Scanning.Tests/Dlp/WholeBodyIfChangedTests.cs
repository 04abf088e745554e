using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// <see cref="BodyScrubber.ScrubWholeIfChanged"/>: the body scanned where it lies, written out only when a value in it
/// was replaced, with the output and hits of <see cref="BodyScrubber.ScrubWhole"/>.
/// </summary>
public sealed class WholeBodyIfChangedTests
{
    private static string Filler => string.Concat(Enumerable.Repeat("{\"role\":\"user\",\"content\":\"refactor Sum(xs) and run the tests\\n\"},", 900));

    private static (bool Changed, byte[] Output, IReadOnlyList<DlpHit> Hits) IfChanged(DlpEngine engine, byte[] body)
    {
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        var changed = scrubber.ScrubWholeIfChanged(body, output);
        return (changed, output.WrittenSpan.ToArray(), scrubber.Hits);
    }

    private static (byte[] Output, IReadOnlyList<DlpHit> Hits) Whole(DlpEngine engine, byte[] body)
    {
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        scrubber.ScrubWhole(body, output);
        return (output.WrittenSpan.ToArray(), scrubber.Hits);
    }

    [Fact]
    public void A_clean_body_writes_nothing_and_says_unchanged()
    {
        var body = Encoding.UTF8.GetBytes("{\"messages\":[" + Filler + "{}]}");

        var (changed, output, hits) = IfChanged(DlpFixture.Replacing, body);

        Assert.False(changed);
        Assert.Empty(output);
        Assert.Empty(hits);
    }

    [Fact]
    public void A_value_only_reported_leaves_the_body_unchanged_but_is_counted()
    {
        var body = Encoding.UTF8.GetBytes(Filler + TestSecrets.AwsAccessKeyId + Filler + TestSecrets.AwsAccessKeyId);
        var reporting = DlpEngine.Create(CompiledRules.Defaults, [], new DlpPolicy(DlpAction.Report, DlpAction.Report));

        var (changed, output, hits) = IfChanged(reporting, body);

        Assert.False(changed);
        Assert.Empty(output);
        Assert.Equal(2, Assert.Single(hits).Count);
    }

    public static TheoryData<string, string> Changed() => new()
    {
        { "a key at the start, the middle and the end", TestSecrets.AwsAccessKeyId + Filler + TestSecrets.GitHubPat + Filler + TestSecrets.StripeLiveKey },
        { "PII and overlapping matches", "mail " + "jane.doe" + "@" + "example-corp.com card 4111 1111 1111 1111 " + Filler },
        { "a private key block (streamed)", Filler + "\n" + TestSecrets.PrivateKeyPem + "\n" + Filler },
        { "a clean body with a PEM start (streamed, written whole)", Filler + "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n" },
    };

    [Theory]
    [MemberData(nameof(Changed))]
    public void A_body_written_out_is_the_whole_scrub_with_its_hits(string why, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);

        var (changed, output, hits) = IfChanged(DlpFixture.Replacing, body);
        var whole = Whole(DlpFixture.Replacing, body);

        Assert.True(changed, why);
        Assert.True(whole.Output.AsSpan().SequenceEqual(output), why);
        Assert.Equal(whole.Hits, hits);
    }
}
