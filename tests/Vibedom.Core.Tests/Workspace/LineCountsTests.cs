using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>Rename pairing reads the agent's files bounded: one that grew past the limit since it was listed is not read.</summary>
public sealed class LineCountsTests
{
    [Fact]
    public void A_file_longer_than_the_limit_is_not_read_and_one_at_the_limit_is()
    {
        using var temp = new TempDirectory();
        var atLimit = temp.Write("at", new string('a', 99) + "\n");
        var past = temp.Write("past", new string('a', 100) + "\n");

        Assert.NotNull(LineCounts.Of(atLimit, 100));
        Assert.Null(LineCounts.Of(past, 100));
        Assert.Equal(100, LineCounts.Similarity(LineCounts.Of(atLimit, 100)!, LineCounts.Of(atLimit, 100)!));
    }
}
