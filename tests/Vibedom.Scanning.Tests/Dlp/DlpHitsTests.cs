using System.Buffers;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>Hits aggregate per (rule, hash); no hit, result or exception holds a matched value.</summary>
public sealed class DlpHitsTests
{
    [Fact]
    public void Hits_aggregate_per_rule_and_hash_with_a_count()
    {
        var a = TestSecrets.AwsAccessKeyId;
        var b = a[..^1] + (a[^1] == 'M' ? 'N' : 'M');
        var body = $"{a}\n{a}\n{b}\nx {a}";

        var (_, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body[..10], body[10..]);

        Assert.Equal([3, 1], hits.Select(h => h.Count));
        Assert.All(hits, h => Assert.Equal("aws-access-key-id", h.RuleId));
        Assert.NotEqual(hits[0].Hash, hits[1].Hash);
    }

    [Fact]
    public void No_hit_or_result_or_scrubber_holds_a_matched_value_in_its_text()
    {
        var secrets = new[] { TestSecrets.AwsAccessKeyId, TestSecrets.GitHubPat, TestSecrets.StripeLiveKey, "jane@example.org", "4111111111111111" };
        var engine = DlpFixture.Engine(new DlpPolicy(DlpAction.Report, DlpAction.Report));
        var text = string.Join(' ', secrets);

        var result = engine.ScrubText(text);
        using var scrubber = engine.CreateBodyScrubber();
        scrubber.Write(System.Text.Encoding.UTF8.GetBytes(text), new ArrayBufferWriter<byte>());
        var printed = string.Join('\n', result.Hits.Select(h => h.ToString())) + result + scrubber + engine + engine.Policy;

        Assert.Equal(5, result.Hits.Count);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Misuse_throws_without_the_body_in_the_message()
    {
        var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        scrubber.Write(System.Text.Encoding.UTF8.GetBytes("k " + TestSecrets.GitHubPat), output);
        scrubber.Complete(output);

        var e = Assert.Throws<ObjectDisposedException>(() => scrubber.Write(System.Text.Encoding.UTF8.GetBytes(TestSecrets.GitHubPat), output));

        Assert.DoesNotContain(TestSecrets.GitHubPat, e.ToString(), StringComparison.Ordinal);
        scrubber.Dispose();
    }
}
