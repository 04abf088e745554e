using System.IO.Pipelines;
using System.Text;
using Vibedom.Proxy.Credentials;
using Xunit;

namespace Vibedom.Proxy.Tests.Credentials;

/// <summary>Streaming replacement: split patterns found, clean streams not delayed, lengths kept.</summary>
public sealed class ReplacingReadStreamTests
{
    private static Replacements Swap(string from, string to) => new([(Encoding.ASCII.GetBytes(from), Encoding.ASCII.GetBytes(to))]);

    [Fact]
    public async Task A_pattern_split_across_every_byte_boundary_is_replaced()
    {
        var text = "head SENTINEL-0123456789 middle SENTINEL-0123456789 tail";
        var source = new OneByteAtATimeStream(Encoding.ASCII.GetBytes(text));
        await using var stream = new ReplacingReadStream(source, Swap("SENTINEL-0123456789", "realvalue-abcdefghi"));

        var result = await ReadAllAsync(stream);

        Assert.Equal("head realvalue-abcdefghi middle realvalue-abcdefghi tail", result);
    }

    [Fact]
    public async Task Bytes_that_cannot_start_a_match_are_released_before_the_stream_ends()
    {
        var pipe = new Pipe();
        await using var stream = new ReplacingReadStream(pipe.Reader.AsStream(), Swap("SENTINEL-0123456789", "realvalue-abcdefghi"));
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("data: first\n\nSENTI"), TestContext.Current.CancellationToken);

        var buffer = new byte[100];
        var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal("data: first\n\n", Encoding.ASCII.GetString(buffer, 0, read)); // the prefix "SENTI" is held, nothing else
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("NEL-0123456789!"), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();
        Assert.Equal("realvalue-abcdefghi!", await ReadAllAsync(stream));
    }

    [Fact]
    public async Task A_held_prefix_that_never_completes_is_released_at_the_end()
    {
        await using var stream = new ReplacingReadStream(new MemoryStream(Encoding.ASCII.GetBytes("ends with SENTINEL-01")), Swap("SENTINEL-0123456789", "realvalue-abcdefghi"));

        Assert.Equal("ends with SENTINEL-01", await ReadAllAsync(stream));
    }

    [Fact]
    public async Task A_large_body_keeps_its_length_and_every_occurrence_is_replaced()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            builder.Append(i % 97 == 0 ? "SENTINEL-0123456789" : "lorem ipsum ");
        }

        var input = builder.ToString();
        await using var stream = new ReplacingReadStream(new MemoryStream(Encoding.ASCII.GetBytes(input)), Swap("SENTINEL-0123456789", "realvalue-abcdefghi"));

        var output = await ReadAllAsync(stream);

        Assert.Equal(input.Length, output.Length);
        Assert.Equal(input.Replace("SENTINEL-0123456789", "realvalue-abcdefghi", StringComparison.Ordinal), output);
    }

    [Fact]
    public void Base64_cores_match_the_value_inside_any_base64_text()
    {
        var value = Encoding.ASCII.GetBytes("realvalue-abcdefghijklmnop");
        for (var before = 0; before < 6; before++)
        {
            var text = Convert.ToBase64String([.. Encoding.ASCII.GetBytes("user:!"[..before]), .. value, .. "xyz"u8]);

            Assert.Contains(CredentialForms.Base64Core(value, before % 3), text, StringComparison.Ordinal);
        }
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var output = new MemoryStream();
        await stream.CopyToAsync(output, 7);
        return Encoding.ASCII.GetString(output.ToArray());
    }

    /// <summary>A stream whose every read returns one byte: every split a network can make.</summary>
    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
