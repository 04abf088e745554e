using System.Text;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>
/// A pattern with gitleaks' lazy <c>[\w.-]{0,N}?</c> head runs as its core plus a walk back: the same matches and
/// groups as the whole pattern (every such rule of gitleaks' config, and the edges of the walk), and a smaller automaton.
/// </summary>
public sealed class LazyPrefixSplitTests
{
    private const RegexOptions Engine = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    [Fact]
    public void Every_gitleaks_rule_with_the_lazy_head_is_split_into_a_core()
    {
        var rules = RuleLoader.LoadFile(RepositoryRoot.GitleaksToml).Rules.Where(r => r.Regex is not null).ToList();
        var split = rules.Where(r => LazyPrefixSplit.Of(LazyPrefixMerge.Apply(Translated(r.Regex!))) is not null).Select(r => r.Id).ToList();

        Assert.Equal(100, split.Count);
        Assert.Contains("generic-api-key", split);
        Assert.Contains("cohere-api-token", split); // the merged doubled head too
    }

    [Fact]
    public void A_split_rule_finds_the_same_matches_and_groups_as_its_whole_pattern()
    {
        var rules = RuleLoader.LoadFile(RepositoryRoot.GitleaksToml).Rules
            .Where(r => r.Regex is not null && LazyPrefixSplit.Of(LazyPrefixMerge.Apply(Translated(r.Regex))) is not null)
            .ToList();
        var matched = 0;
        foreach (var rule in rules)
        {
            var text = SampleText(rule.Keywords.Count > 0 ? [.. rule.Keywords] : ["key"], seed: rule.Id.Length);
            var whole = new Regex(LazyPrefixMerge.Apply(Translated(rule.Regex!)), Engine);
            var expected = Whole(whole, text);
            Assert.Equal(expected, rule.Regex!.Matches(text, null));
            foreach (var (index, length) in expected.Take(40))
            {
                var value = text.Substring(index, length);
                Assert.Equal(Groups(whole.Match(value)), rule.Regex.MatchGroups(value));
            }

            matched += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(matched >= 60, $"the samples exercise {matched} of {rules.Count} rules");
        Assert.True(new Re2Regex(GenericApiKey()).IsMatch("my_api_key = \"abcdefghij0123456789\""));
        Assert.False(new Re2Regex(GenericApiKey()).IsMatch("my_api_key = \"short\""));
    }

    [Theory]
    [InlineData("x_api_key = 'abcdefghijklmnop'")]                            // the head reaches the line's start
    [InlineData("0123456789012345678901234567890123456789012345678901234567890_api_key = 'abcdefghijklmnop'")] // past the bound
    [InlineData("key='abcdefghijklmnop' key='qrstuvwxyzabcdef'\nkey=abcdefghijklmnopq;token=zyxwvutsrqponmlk;")] // adjacent matches
    [InlineData("a.b-c/api_key:\t\"abcdefghijklmnop\"\n")]                    // a char outside [\w.-] stops the walk
    [InlineData("ﬀé_api_key = 'abcdefghijklmnop' and é_secret = \"abcdefghijklmnopqrs\"")] // non-ASCII before the head
    [InlineData("")]
    public void The_walk_back_finds_the_whole_patterns_start(string text)
    {
        var regex = new Re2Regex(GenericApiKey());
        var whole = new Regex(LazyPrefixMerge.Apply(Re2Translator.Translate(GenericApiKey()).Pattern), Engine);

        Assert.Equal(Whole(whole, text), regex.Matches(text, null));
    }

    [Fact]
    public void A_core_that_can_match_empty_runs_the_whole_pattern()
    {
        var regex = new Re2Regex(@"[\w.-]{0,5}?(?:ab)*");
        var whole = new Regex(LazyPrefixMerge.Apply(Re2Translator.Translate(@"[\w.-]{0,5}?(?:ab)*").Pattern), Engine);
        const string Text = "xx ab abab, cab";

        Assert.NotNull(LazyPrefixSplit.Of(Re2Translator.Translate(@"[\w.-]{0,5}?(?:ab)*").Pattern));
        Assert.Equal(Whole(whole, Text), regex.Matches(Text, null));
    }

    [Theory]
    [InlineData(@"(?i)(?:[0-9A-Z_a-z\u002e\u002d]){0,50}?key|token")]          // the head binds one alternative only
    [InlineData(@"(?s)(?:[0-9A-Z_a-z\u002e\u002d]){0,50}?key")]               // other options
    [InlineData(@"(?:[0-9A-Z_a-z\u002e\u002d]){0,50}key")]                    // greedy
    [InlineData(@"(?:[0-9A-Z_a-z\u002e\u002d]){0,50}?(?:key")]                // unbalanced
    [InlineData(@"(?:[0-9A-Z_a-z\u002e\u002d]){0,50}?[]a]key")]                // a class it does not read
    [InlineData(@"(?:[0-9A-Z_a-z\u002e\u002d]){0,50}?")]                       // nothing after the head
    public void A_pattern_of_another_shape_is_not_split(string translated)
    {
        Assert.Null(LazyPrefixSplit.Of(translated));
    }

    private static string GenericApiKey() =>
        RuleLoader.LoadFile(RepositoryRoot.GitleaksToml).Rules.Single(r => r.Id == "generic-api-key").Regex!.Source;

    private static string Translated(Re2Regex regex) => Re2Translator.Translate(regex.Source).Pattern;

    private static List<(int Index, int Length)> Whole(Regex regex, string text)
    {
        var found = new List<(int Index, int Length)>();
        foreach (var m in regex.EnumerateMatches(text))
        {
            found.Add((m.Index, m.Length));
        }

        return found;
    }

    private static string[] Groups(Match m) => m.Success ? [.. m.Groups.Cast<Group>().Select(g => g.Success ? g.Value : string.Empty)] : [];

    /// <summary>Keyword-led assignments: prefixes shorter and longer than the bound, mixed case, separators, many value shapes.</summary>
    internal static string SampleText(IReadOnlyList<string> keywords, int seed)
    {
        var random = new Random(seed);
        string Token(int n, string alphabet) => new([.. Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        const string Word = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
        string[] alphabets = [Word, "0123456789abcdef", "abcdefghijklmnopqrstuvwxyz0123456789", Word[..62] + "+/", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];
        string[] separators = [" = \"", "=", ": '", " := ", "\t=> ", ",\n  \"", " ", "=\n"];
        string[] glue = ["\"\n", "'\n", ";", " ", "\n", "\\n", ""];
        var sb = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            var keyword = keywords[random.Next(keywords.Count)];
            keyword = random.Next(3) switch { 0 => keyword.ToUpperInvariant(), 1 => keyword, _ => char.ToUpperInvariant(keyword[0]) + keyword[1..] };
            sb.Append(Token(random.Next(0, 70), random.Next(4) == 0 ? Word + " /é" : Word)).Append(keyword).Append(Token(random.Next(0, 4), "_ .-"))
              .Append(separators[random.Next(separators.Length)]).Append(Token(random.Next(8, 90), alphabets[random.Next(alphabets.Length)]))
              .Append(glue[random.Next(glue.Length)]);
        }

        return sb.ToString();
    }
}
