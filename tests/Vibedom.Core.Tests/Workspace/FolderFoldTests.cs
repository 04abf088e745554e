using Vibedom.Core.Workspace;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class FolderFoldTests
{
    private const int Depth = 3000;

    private static readonly string[] Chain = [.. Enumerable.Range(1, Depth).Select(i => string.Join('/', Enumerable.Repeat("d", i)))];

    [Fact]
    public void Of_every_folder_of_a_chain_deepest_first_judges_each_folder_once()
    {
        var judged = 0;
        var fold = new FolderFold<int>(0, (_, above) => { judged++; return above + 1; });

        var depths = Chain.Reverse().Select(fold.Of).ToList();

        Assert.Equal(Enumerable.Range(1, Depth).Reverse(), depths);
        Assert.Equal(Depth, judged);
    }

    [Fact]
    public void Of_past_what_it_keeps_gives_the_same_values()
    {
        // a symlink at depth 10 of the chain: the topmost link above each folder, as FolderFold folds it
        static string? Step(string folder, string? above) => above ?? (folder.Length == 19 ? folder : null);
        var kept = new FolderFold<string?>(null, Step);
        var bounded = new FolderFold<string?>(null, Step, maxChars: 1000);

        Assert.Equal(Chain.Select(kept.Of), Chain.Select(bounded.Of));
        Assert.Equal(Chain[9], bounded.Above(Chain[^1]));
        Assert.Null(bounded.Above(Chain[9]));
    }
}
