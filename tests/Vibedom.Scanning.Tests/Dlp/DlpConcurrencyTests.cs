using System.Text;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>One engine serves every exchange at once: concurrent scrubbers and text scrubs agree with a lone run.</summary>
public sealed class DlpConcurrencyTests
{
    [Fact]
    public async Task Concurrent_scrubbers_on_one_engine_each_produce_what_a_lone_scrubber_produces()
    {
        var engine = DlpFixture.Engine(exact: [string.Concat("workspace", "-only-", "value-42")]);
        var bodies = Enumerable.Range(0, 16).Select(i => Encoding.UTF8.GetBytes(
            $"{{\"i\":{i},\"k\":\"{TestSecrets.AwsAccessKeyId}\",\"v\":\"workspace-only-value-42\"}}\n" + new string('x', i * 997)
            + $"\nmail{i}@example.org {TestSecrets.GitHubPat}\n")).ToArray();
        var expected = bodies.Select(b => DlpFixture.Scrub(engine, b).Output).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(n => Task.Run(() =>
        {
            var i = n % bodies.Length;
            var (output, hits) = DlpFixture.Scrub(engine, bodies[i].Chunk(1 + (n * 37 % 500)).ToArray());
            var text = engine.ScrubText(Encoding.UTF8.GetString(bodies[i]));
            return (i, output, hits.Count, text.Hits.Count);
        }, TestContext.Current.CancellationToken)));

        foreach (var (i, output, hits, textHits) in results)
        {
            Assert.Equal(expected[i], output);
            Assert.Equal((4, 4), (hits, textHits));
        }
    }
}
