using System.Text.RegularExpressions;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>
/// The point of the split: <c>generic-api-key</c>'s automaton grows far less over the same text than the whole
/// pattern's (about half: 29.8 against 60.0 MB for these texts; the bound leaves room for the GC's noise). Runs alone (no other test allocating at the same time), so the heap it measures is its own.
/// </summary>
[Collection(nameof(LazyPrefixSplitMemoryTests))]
[CollectionDefinition(nameof(LazyPrefixSplitMemoryTests), DisableParallelization = true)]
public sealed class LazyPrefixSplitMemoryTests
{
    [Fact]
    public void Matching_with_the_split_grows_generic_api_keys_automaton_by_under_three_fifths_of_the_whole_patterns()
    {
        var source = RuleLoader.LoadFile(RepositoryRoot.GitleaksToml).Rules.Single(r => r.Id == "generic-api-key").Regex!.Source;
        string[] keywords = ["access", "api", "auth", "key", "credential", "creds", "passwd", "password", "secret", "token"];
        var texts = Enumerable.Range(0, 40).Select(seed => LazyPrefixSplitTests.SampleText(keywords, seed)).ToList();

        // once each first: the engine's one-time caches (Unicode tables, the translator's) are charged to neither figure
        (long Bytes, int Matches) whole = default, split = default;
        for (var round = 0; round < 2; round++)
        {
            whole = Grown(() =>
            {
                var regex = new Regex(LazyPrefixMerge.Apply(Re2Translator.Translate(source).Pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
                ConstructionCaches.Release(regex);
                return (regex, texts.Sum(t => regex.Count(t)));
            });
            split = Grown(() =>
            {
                var regex = new Re2Regex(source);
                return (regex, texts.Sum(t => regex.Matches(t, null).Count));
            });
        }

        Assert.Equal(whole.Matches, split.Matches);
        Assert.True(whole.Matches > 1000, $"{whole.Matches} matches");
        Assert.True(split.Bytes * 5 < whole.Bytes * 3, $"split {split.Bytes:N0} bytes, whole {whole.Bytes:N0} bytes");
    }

    private static (long Bytes, int Matches) Grown(Func<(object Kept, int Matches)> run)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (kept, matches) = run();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return (after - before, matches);
    }
}
