using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// Values the engine is told to leave alone (the proxy passes the session's credential sentinels, which look like
/// real keys): neither replaced nor reported, in text and in bodies, while any other value of the same shape is.
/// </summary>
public sealed class IgnoredValuesTests
{
    private static readonly DlpPolicy Replace = new(DlpAction.Replace, DlpAction.Replace);

    [Fact]
    public void An_ignored_sentinel_passes_while_another_key_of_its_shape_is_scrubbed()
    {
        var sentinel = TestCredentials.AnthropicKey();
        var other = TestCredentials.AnthropicKey();
        var engine = DlpEngine.Create(CompiledRules.Defaults, [], Replace, DlpLimits.Default, [sentinel]);

        var kept = engine.ScrubText("x-api-key " + sentinel);
        var scrubbed = engine.ScrubText("x-api-key " + other);

        Assert.Equal("x-api-key " + sentinel, kept.Text);
        Assert.Empty(kept.Hits);
        Assert.DoesNotContain(other, scrubbed.Text, StringComparison.Ordinal);
        Assert.NotEmpty(scrubbed.Hits);
    }

    [Fact]
    public void An_ignored_sentinel_in_a_body_arrives_byte_identical_even_split_across_writes()
    {
        var sentinel = TestCredentials.AnthropicKey();
        var engine = DlpEngine.Create(CompiledRules.Defaults, [], Replace, DlpLimits.Default, [sentinel]);
        var body = Encoding.ASCII.GetBytes("{\"api_key\":\"" + sentinel + "\",\"basic\":\"" + Convert.ToBase64String(Encoding.ASCII.GetBytes("u:" + sentinel)) + "\"}");
        var output = new ArrayBufferWriter<byte>();
        using var scrubber = engine.CreateBodyScrubber();

        scrubber.Write(body.AsSpan(0, 30), output);
        scrubber.Write(body.AsSpan(30), output);
        scrubber.Complete(output);

        Assert.Equal(body, output.WrittenSpan.ToArray());
        Assert.Empty(scrubber.Hits);
    }

    [Fact]
    public void Without_ignored_values_the_same_sentinel_is_scrubbed()
    {
        var sentinel = TestCredentials.AnthropicKey();
        var engine = DlpEngine.Create(CompiledRules.Defaults, [], Replace);

        Assert.DoesNotContain(sentinel, engine.ScrubText("x-api-key " + sentinel).Text, StringComparison.Ordinal);
    }
}
