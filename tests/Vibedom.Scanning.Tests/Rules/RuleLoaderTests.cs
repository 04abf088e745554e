using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

public sealed class RuleLoaderTests
{
    private static string Samples(string kind) => Path.Combine(AppContext.BaseDirectory, "RuleSamples", kind);

    public static TheoryData<string> InvalidSamples() => new(Directory.GetFiles(Samples("invalid"), "*.toml").Select(Path.GetFileName).OfType<string>().Order());

    public sealed class LoadFile
    {
        [Theory]
        [MemberData(nameof(InvalidSamples), MemberType = typeof(RuleLoaderTests))]
        public void Load_file_invalid_sample_fails_with_exact_error(string name)
        {
            var path = Path.Combine(Samples("invalid"), name);
            var expected = File.ReadLines(path).First()["# expect: ".Length..];

            var e = Assert.Throws<RuleFileException>(() => RuleLoader.LoadFile(path));

            var first = e.Errors[0].ToString();
            Assert.Equal(path + expected, first[..Math.Min(first.Length, path.Length + expected.Length)]);
            Assert.Equal(e.Message.Split(" (and ")[0], first);
        }

        [Fact]
        public void Load_file_every_key_reads_all_fields()
        {
            var set = RuleLoader.LoadFile(Path.Combine(Samples("valid"), "full.toml"));

            Assert.Equal("all keys", set.Title);
            var rule = set.Find("composite")!;
            Assert.Equal(2, rule.SecretGroup);
            Assert.Equal(2.5, rule.Entropy);
            Assert.Equal(["tok_"], rule.Keywords);
            Assert.Equal(["t1", "t2"], rule.Tags);
            Assert.NotNull(rule.Path);
            Assert.Equal(2, rule.Allowlists.Count);
            Assert.True(rule.Allowlists[0].MatchAll);
            Assert.Equal(AllowlistTarget.Line, rule.Allowlists[0].RegexTarget);
            Assert.Equal(AllowlistTarget.Match, rule.Allowlists[1].RegexTarget);
            Assert.Equal(new RequiredRule("user", 2, 40), rule.Required.Single());
            Assert.True(set.Find("user")!.SkipReport);
            Assert.Single(set.Find("p12")!.Allowlists);
            var global = Assert.Single(set.Allowlists);
            Assert.Equal(["abcdef1"], global.Commits);
            Assert.Equal(["example"], global.StopWords);
        }

        [Fact]
        public void Load_file_extend_path_merges_as_gitleaks()
        {
            var set = RuleLoader.LoadFile(Path.Combine(Samples("valid"), "extends.toml"));

            Assert.Null(set.Find("p12"));                        // disabled
            var merged = set.Find("composite")!;
            Assert.Equal(3.0, merged.Entropy);                    // this file's non-empty field wins
            Assert.Equal(2, merged.SecretGroup);                  // the base's field stays
            Assert.Equal(["tok_", "extra"], merged.Keywords);     // lists are appended
            Assert.NotNull(set.Find("own"));
            Assert.Equal(set.Rules.Select(r => r.Id).Order(StringComparer.Ordinal), set.Rules.Select(r => r.Id));
        }

        [Fact]
        public void Load_file_use_default_extends_vibedom_defaults()
        {
            var set = RuleLoader.LoadFile(Path.Combine(Samples("valid"), "use-default.toml"));

            Assert.NotNull(set.Find("own"));
            Assert.NotNull(set.Find("github-pat"));
            Assert.Null(set.Find("jwt"));
        }

        [Fact]
        public void Load_file_missing_file_is_rule_file_error()
        {
            var e = Assert.Throws<RuleFileException>(() => RuleLoader.LoadFile("/nonexistent/rules.toml"));
            Assert.StartsWith("/nonexistent/rules.toml(1,1): cannot read rule file", e.Message, StringComparison.Ordinal);
        }
    }

    public sealed class LoadDefault
    {
        [Fact]
        public void Load_default_embedded_rules_load_without_error()
        {
            var set = RuleLoader.LoadDefault();

            Assert.True(set.Rules.Count >= 40, $"only {set.Rules.Count} rules");
            Assert.All(set.Rules, r => Assert.False(string.IsNullOrEmpty(r.Description), r.Id));
        }
    }
}
