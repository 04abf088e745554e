using Vibedom.Core.Limits;
using Xunit;

namespace Vibedom.Core.Tests.Limits;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("512M", 512L << 20)]
    [InlineData("8G", 8L << 30)]
    [InlineData("8GiB", 8L << 30)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("64k", 64L << 10)]
    [InlineData("4096", 4096L)]
    public void Parse_sizes_are_binary_multiples(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("8X")]
    [InlineData("-1G")]
    [InlineData("0")]
    [InlineData("99999999999T")]
    public void Parse_malformed_is_null(string text) => Assert.Null(ByteSize.Parse(text));

    [Theory]
    [InlineData(512L << 20, "512 MiB")]
    [InlineData(3L << 29, "1.5 GiB")]
    [InlineData(100L, "100 bytes")]
    public void Format_picks_the_largest_unit(long bytes, string text) => Assert.Equal(text, ByteSize.Format(bytes));
}
