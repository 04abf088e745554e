using System.Text.RegularExpressions;
using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>How far a match of a pattern can reach (chars other than white space), as KnownBodies' margins use it.</summary>
public sealed class RegexReachTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData(@"\bAKIA[0-9A-Z]{16}\b", 20)]
    [InlineData(@"(?i)key\s*[:=]\s*([a-z0-9]{8,40})", 44)]
    [InlineData(@"a|bcd|ef", 3)]
    [InlineData(@"(?:ab){2,3}c?", 7)]
    [InlineData(@"[ \t]+x[\r\n]{0,5}", 1)]
    [InlineData(@"x[^\s]{1,4}", 5)]
    [InlineData(@"^(?P<name>ab)$", 2)]
    [InlineData(@"\x{41}\pL\p{Greek}\x41", 4)]
    [InlineData(@"\Qa.b\E", 3)]
    [InlineData(@"a{,3}", 5)] // not a repeat in RE2: the literal "{,3}"
    [InlineData(@"(?i)(?:a|b)(?-i:c)", 2)]
    [InlineData(@"[]a]{3}", 3)]
    public void A_bounded_pattern_reaches_its_widest_match_without_white_space(string pattern, int reach) =>
        Assert.Equal(reach, RegexReach.Of(pattern));

    [Theory]
    [InlineData(@"a+")]
    [InlineData(@"[\w-]{20,}")]
    [InlineData(@"\S*x")]
    [InlineData(@"(?:\s|x)*")]
    [InlineData(@"[^ ]+")]
    [InlineData(@".*")]
    [InlineData(@"[ -~]+")] // a range from the space: not white space only
    public void A_repeat_without_an_upper_count_of_more_than_white_space_is_unbounded(string pattern) =>
        Assert.Equal(RegexReach.Unbounded, RegexReach.Of(pattern));

    /// <summary>
    /// Every match the rules make on their own samples, and on those samples with each run of letters and digits (and
    /// of white space) repeated up to 50 times (a quantifier that takes more then shows), holds no more chars other than
    /// white space than the reach says.
    /// </summary>
    [Fact]
    public void No_match_of_a_default_rule_reaches_past_its_reach()
    {
        var rules = RuleLoader.LoadDefault().Rules.Where(r => r.Regex is not null).ToList();
        var checkedMatches = 0;
        foreach (var rule in rules)
        {
            var reach = RegexReach.Of(rule.Regex!.Source);
            var regex = new Regex(Re2Translator.Translate(rule.Regex.Source).Pattern, RegexOptions.CultureInvariant);
            foreach (var text in Samples(rule.Id).SelectMany(Pumped))
            {
                foreach (Match m in regex.Matches(text))
                {
                    Assert.True(NonWhite(m.Value) <= reach, $"{rule.Id}: a match of {NonWhite(m.Value)} chars, reach {reach}");
                    checkedMatches++;
                }
            }
        }

        Assert.True(checkedMatches >= 20, $"only {checkedMatches} matches checked");
    }

    /// <summary>
    /// The default rules carry upper counts where real values are shorter (DLP's margins around a changed body grow with a
    /// rule's reach only when its keyword is near the change): only the rules whose values have no length a bound would
    /// keep are open.
    /// </summary>
    [Fact]
    public void Every_default_rule_but_the_few_with_values_of_any_length_has_a_bounded_reach()
    {
        string[] open = ["jwt", "authorization-bearer", "kubernetes-secret-stringdata", "docker-config-auth", "gcp-service-account-key", "private-key"];
        var reaches = RuleLoader.LoadDefault().Rules.Where(r => r.Regex is not null).ToDictionary(r => r.Id, r => RegexReach.Of(r.Regex!.Source));

        Assert.Equal(open.Order(StringComparer.Ordinal), reaches.Where(r => r.Value == RegexReach.Unbounded).Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(reaches.Where(r => r.Value != RegexReach.Unbounded), r => Assert.InRange(r.Value, 1, 2_400));
        Assert.InRange(reaches["url-credentials"], 300, 700);
        Assert.InRange(reaches["generic-secret-assignment"], 200, 300);
    }

    private static IEnumerable<string> Pumped(string text) =>
        new[] { 1, 2, 5, 50 }.Select(times => Regex.Replace(text, @"[A-Za-z0-9]+|[ \t\n]+", m => string.Concat(Enumerable.Repeat(m.Value, times))));

    private static int NonWhite(string s) => s.Count(c => c is not ('\t' or '\n' or '\f' or '\r' or ' '));

    private static IEnumerable<string> Samples(string ruleId) =>
        DefaultRulesTests.Cases().Select(row => row.Data).Where(c => c.Item2 == ruleId).Select(c => c.Item1);
}
