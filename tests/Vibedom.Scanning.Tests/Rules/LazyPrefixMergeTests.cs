using System.Text;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>gitleaks' doubled lazy prefix is merged into one loop: fewer automaton states, the same matches and groups.</summary>
public sealed class LazyPrefixMergeTests
{
    [Fact]
    public void The_five_gitleaks_rules_with_a_doubled_prefix_are_merged_and_no_other()
    {
        var rules = RuleLoader.LoadFile(RepositoryRoot.GitleaksToml).Rules.Where(r => r.Regex is not null).ToList();
        var merged = rules.Where(r => Translated(r.Regex!) != LazyPrefixMerge.Apply(Translated(r.Regex!))).Select(r => r.Id).Order(StringComparer.Ordinal);

        Assert.Equal(["cisco-meraki-api-key", "cohere-api-token", "okta-access-token", "privateai-api-token", "sumologic-access-id"], merged);
    }

    [Fact]
    public void A_merged_pattern_finds_the_same_matches_and_groups_as_the_doubled_one()
    {
        var rules = RuleLoader.LoadFile(RepositoryRoot.GitleaksToml).Rules
            .Where(r => r.Regex is not null && Translated(r.Regex) != LazyPrefixMerge.Apply(Translated(r.Regex)))
            .ToList();
        var text = SampleText();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var doubled = Translated(rule.Regex!);
            var expected = Describe(new Regex(doubled, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), text);
            Assert.True(expected.Count >= 5, $"{rule.Id}: the sample exercises {expected.Count} matches");
            Assert.Equal(expected, Describe(new Regex(LazyPrefixMerge.Apply(doubled), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), text));
        }
    }

    [Fact]
    public void A_pattern_of_another_shape_is_returned_unchanged()
    {
        const string Other = @"(?:[0-9A-Z_a-z\u002e\u002d]){0,50}?(?i:(?:[0-9A-Z_a-z]){0,50}?(?:okta))";
        Assert.Same(Other, LazyPrefixMerge.Apply(Other));
    }

    private static string Translated(Re2Regex regex) => Re2Translator.Translate(regex.Source).Pattern;

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
        // keyword-led assignments with prefixes shorter than, equal to and longer than 50 and 100 chars, mixed case
        var random = new Random(14);
        string Token(int n, string alphabet) => new([.. Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        const string Word = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
        const string Hex = "0123456789abcdef";
        string[] keywords = ["okta", "OKTA", "Okta", "meraki", "MERAKI", "cohere", "CO_API_KEY", "sumo", "SUMO", "privateai", "PRIVATEAI", "private_ai"];
        var sb = new StringBuilder();
        for (var i = 0; i < 600; i++)
        {
            var prefix = Token(random.Next(0, 130), Word);
            var keyword = keywords[random.Next(keywords.Length)];
            var secret = random.Next(4) switch
            {
                0 => "00" + Token(40, Word[..62] + "=-"),
                1 => Token(40, Hex),
                2 => "su" + Token(12, Word[..62]),
                _ => Token(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
            };
            sb.Append(prefix).Append(keyword).Append(Token(random.Next(0, 4), "_ .")).Append(" = \"").Append(secret).Append("\"\n");
        }

        return sb.ToString();
    }
}
