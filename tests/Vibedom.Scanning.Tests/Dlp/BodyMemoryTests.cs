using System.Text;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// Memory stays bounded whatever the body: a single line of hundreds of MiB, generated on the fly. Runs alone (no
/// other test allocating at the same time), so the process's managed heap is this test's.
/// </summary>
[Collection(nameof(BodyMemoryTests))]
[CollectionDefinition(nameof(BodyMemoryTests), DisableParallelization = true)]
public sealed class BodyMemoryTests
{
    private const long BodyBytes = 256L << 20;

    [Fact]
    public void A_single_line_body_of_256_mib_keeps_the_hold_back_and_the_process_memory_bounded()
    {
        var engine = DlpFixture.Replacing;
        var limits = engine.Limits;
        using var scrubber = engine.CreateBodyScrubber();
        var output = new CountingWriter();
        var chunk = Chunk();
        var secret = Encoding.UTF8.GetBytes($" {TestSecrets.AwsAccessKeyId} ");
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long written = 0;
        var maxHeld = 0;
        var maxBuffer = 0;
        long maxGrowth = 0;

        for (var i = 0; written < BodyBytes; i++)
        {
            scrubber.Write(chunk, output);
            written += chunk.Length;
            if (i % 512 == 0)
            {
                scrubber.Write(secret, output); // a secret every 32 MiB: the scrubber keeps finding them
                written += secret.Length;
                maxGrowth = Math.Max(maxGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }

            maxHeld = Math.Max(maxHeld, scrubber.HeldBytes);
            maxBuffer = Math.Max(maxBuffer, scrubber.BufferBytes);
        }

        scrubber.Complete(output);

        Assert.InRange(maxHeld, 1, limits.MaxHeld);
        Assert.InRange(maxBuffer, 1, 2 * limits.MaxHeld);
        Assert.InRange(maxGrowth, long.MinValue, 16L << 20);
        Assert.Equal(8, scrubber.Hits.Single().Count);
        Assert.True(output.Written > written - (8 * secret.Length), "every byte but the replaced ones came out");
    }

    /// <summary>
    /// Red team s27: a streamed body's hits were kept one per distinct value until it ended (<c>DlpHitCounter</c>), and a
    /// streamed body has no size bound: 200,000 distinct addresses (4.6 MB sent) held as many hits. Past 512 values
    /// the rest are counted in one hit per rule: every match counted, the hits bounded.
    /// </summary>
    [Fact]
    public void A_streamed_body_of_many_distinct_values_keeps_a_bounded_number_of_hits()
    {
        using var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var output = new CountingWriter();
        for (var i = 0; i < 200_000; i++)
        {
            scrubber.Write(Encoding.ASCII.GetBytes($"user{i}@example.org\n"), output);
        }

        scrubber.Complete(output);

        Assert.Equal(200_000, scrubber.Hits.Sum(h => h.Count));
        Assert.InRange(scrubber.Hits.Count, 1, 1024);
        Assert.Single(scrubber.Hits, h => h.Hash == "*");
    }

    /// <summary>64 KiB of text with no line end: words, digits, punctuation.</summary>
    private static byte[] Chunk()
    {
        var builder = new StringBuilder(64 << 10);
        var random = new Random(11);
        while (builder.Length < (64 << 10) - 16)
        {
            builder.Append(random.Next(4) switch { 0 => "lorem ", 1 => "ipsum, ", 2 => random.Next(100000).ToString(System.Globalization.CultureInfo.InvariantCulture) + " ", _ => "\"dolor\": " });
        }

        return Encoding.ASCII.GetBytes(builder.ToString().PadRight(64 << 10, ' '));
    }
}
