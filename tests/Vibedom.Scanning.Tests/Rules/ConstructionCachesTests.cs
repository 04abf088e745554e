using System.Text;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>
/// The non-backtracking engine's construction-only solver is dropped after a pattern is built (most of the memory
/// gitleaks' rules held): matching must not change, and the memory must actually go. Runs alone (no other test
/// allocating at the same time), so the heap it measures is its own.
/// </summary>
[Collection(nameof(ConstructionCachesTests))]
[CollectionDefinition(nameof(ConstructionCachesTests), DisableParallelization = true)]
public sealed class ConstructionCachesTests
{
    // a generic-shape pattern of gitleaks' config as Re2Translator emits it, keyword varied per copy
    private const string GenericShape =
        @"(?i)(?:[0-9A-Z_a-z\u002e\u002d]){0,50}?(?:KEYWORD)(?:(?:[\u0020\u00090-9A-Z_a-z\u002e\u002d]){0,20})(?:[\u0009-\u000a\u000c-\u000d\u0020\u0027\u0022]){0,3}(?:=|>|(?::){1,3}=|\x7c\x7c|:|=>|\x3f=|,)(?:[\u0060\u0027\u0022\u0009-\u000a\u000c-\u000d\u0020\u003d]){0,5}((?:[a-z0-9]){40})(?:[\u0060\u0027\u0022\u0009-\u000a\u000c-\u000d\u0020\u003b]|\x5c[nr]|\z)";

    private static readonly string[] Patterns =
    [
        GenericShape.Replace("KEYWORD", "zendesk", StringComparison.Ordinal),
        @"\b((?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99})(?:[\x60'""\s;]|\\[nr]|\z)",
        @"(?m:^)[ \t]*(?<key>[a-z_]+)[ \t]*=[ \t]*(?<value>[^\n]{3,40})(?m:$)",
        @"\bcurl\b(?:[^\n]*?)[ \t](?:-u|--user)[ \t]{0,5}([^\s:]{3,}:[^\s]{3,})",
        // far more DFA states than the engine keeps: matching falls back to its NFA mode
        @"(?:a|b)*a(?:a|b){24}c",
    ];

    [Fact]
    public void A_released_regex_finds_the_same_matches_and_groups_as_an_untouched_one()
    {
        var text = SampleText();
        foreach (var pattern in Patterns)
        {
            var untouched = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            var released = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            Assert.True(ConstructionCaches.Release(released), pattern);

            var expected = Describe(untouched, text);
            Assert.True(expected.Count > 0, $"the sample exercises no match of {pattern}");
            Assert.Equal(expected, Describe(released, text));
        }
    }

    [Fact]
    public void Building_a_generic_shape_pattern_leaves_less_than_800_KiB_on_the_heap()
    {
        // before the release each copy left 1.2-1.3 MB (the solver's caches); after it about 0.2 MB (0.6 MB seen once
        // while other tests allocated beside it: hence the class runs alone, and the bound sits between the two)
        const int Copies = 16;
        var kept = new List<Re2Regex>(Copies);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Copies; i++)
        {
            var regex = new Re2Regex(@"(?i)[\w.-]{0,50}?(?:vendor" + i + @")(?:[ \t\w.-]{0,20})[\s'""]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'""\s=]{0,5}([a-z0-9]{40})(?:[\x60'""\s;]|\\[nr]|$)");
            Assert.False(regex.IsMatch(new string('x', Re2Regex.ShortText + 1)));
            kept.Add(regex);
        }

        var perCopy = (GC.GetTotalMemory(forceFullCollection: true) - before) / Copies;
        GC.KeepAlive(kept);
        Assert.True(perCopy < 800 * 1024, $"{perCopy / 1024} KiB per pattern");
    }

    [Fact]
    public void A_backtracking_regex_is_left_alone()
    {
        Assert.False(ConstructionCaches.Release(new Regex("a+b", RegexOptions.CultureInvariant)));
    }

    private static List<string> Describe(Regex regex, string text)
    {
        var found = new List<string>();
        for (var m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            found.Add(string.Join("|", m.Groups.Cast<Group>().Select(g => g.Success ? $"{g.Index}+{g.Length}" : "-")));
        }

        return found;
    }

    private static string SampleText()
    {
        var random = new Random(14);
        var sb = new StringBuilder();
        string Token(int n, string alphabet) => new(Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (var i = 0; i < 300; i++)
        {
            sb.Append(CultureInvariantLine(i, random, Token, Lower));
        }

        return sb.ToString();
    }

    private static string CultureInvariantLine(int i, Random random, Func<int, string, string> token, string lower) => (i % 6) switch
    {
        0 => $"zendesk_token = \"{token(40, lower)}\"\n",
        1 => $"key: sk_{(i % 4 == 1 ? "live" : "test")}_{token(24, lower)}; ünïcödé sk_prod_{token(12, lower)}\n",
        2 => $"name_{(char)('a' + (i % 26))} = value number {i}\n",
        3 => $"curl -s https://example.invalid -u user{i}:{token(8, lower)} --fail\n",
        4 => token(2000, "ab") + (random.Next(2) == 0 ? "c" : "d") + "\n",
        _ => $"Zendesk-Secret:{token(40, lower)}\tÄ {token(10, lower)}\n",
    };
}
