using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

public sealed class Re2TranslatorTests
{
    /// <summary>The groups of the first match (values from the input), or an empty array when nothing matches.</summary>
    private static string[] Run(string re2, string input) => new Re2Regex(re2).MatchGroups(input) ?? [];

    public sealed class Translate
    {
        [Theory]
        [InlineData(@"(?P<a>x)(y)", @"(x)(y)")]
        [InlineData(@"a$", @"a\z")]
        [InlineData(@"(?m)^a$", @"(?m:^)a(?m:$)")]
        [InlineData(@"a.b", @"a[^\n]b")]
        [InlineData(@"(?s:a.b)", @"(?:a[\s\S]b)")]
        [InlineData(@"\w", @"[0-9A-Z_a-z]")]
        [InlineData(@"\d+", @"(?:[0-9])+")]
        [InlineData(@"[[:alpha:]]", @"[A-Za-z]")]
        [InlineData(@"(?i)ab", @"(?i)ab")]
        [InlineData(@"(?U)a+", @"(?:a)+?")]
        [InlineData(@"a{,5}", @"a\x7b,5\x7d")]
        public void Translate_valid_re_2_gives_expected_net_pattern(string re2, string expected)
        {
            Assert.Equal(expected, Re2Translator.Translate(re2).Pattern);
        }

        [Theory]
        [InlineData(@"(?=x)", "lookaround")]
        [InlineData(@"(?<!x)y", "lookaround")]
        [InlineData(@"(a)\1", "backreferences")]
        [InlineData(@"\p{Greek}", "no .NET equivalent")]
        [InlineData(@"a{1001}", "at most 1000")]
        [InlineData(@"(ab", "missing closing )")]
        [InlineData(@"ab)", "unexpected ')'")]
        [InlineData(@"[a", "missing closing ]")]
        [InlineData(@"a**", "invalid nested repetition")]
        [InlineData(@"*a", "missing argument")]
        [InlineData(@"\Z", "invalid escape")]
        [InlineData(@"[z-a]", "invalid character class range")]
        [InlineData(@"[\x{1F600}-\x{1F64F}]", "above U+FFFF")]
        [InlineData(@"[a\x{10000}]", "above U+FFFF")]
        [InlineData(@"(?x)a", "unsupported Perl syntax")]
        public void Translate_invalid_or_untranslatable_throws_naming_the_problem(string re2, string problem)
        {
            var e = Assert.Throws<Re2TranslationException>(() => Re2Translator.Translate(re2));
            Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Translate_named_groups_between_unnamed_keeps_re2_numbering()
        {
            var m = Run(@"(?P<first>a)(b)(?P<third>c)", "abc");
            Assert.Equal("a", m[1]);
            Assert.Equal("b", m[2]);
            Assert.Equal("c", m[3]);
        }
    }

    public sealed class Semantics
    {
        [Fact]
        public void Dollar_without_multiline_does_not_match_before_final_newline()
        {
            Assert.False(Run(@"abc$", "abc\n").Length > 0);          // .NET's $ would match here
            Assert.True(Run(@"(?m)abc$", "abc\n").Length > 0);
        }

        [Fact]
        public void Word_class_on_non_ascii_letters_is_ascii_only()
        {
            Assert.Equal("abc", Run(@"\w+", "abcé")[0]);
            Assert.False(Run(@"^\d$", "٣").Length > 0);               // Arabic-Indic digit is not \d in RE2
            Assert.False(Run(@"\s", "\u00a0").Length > 0);            // no-break space is not \s in RE2
        }

        [Fact]
        public void Word_boundary_next_to_non_ascii_letter_is_ascii_boundary()
        {
            // RE2: é is not a word char, so there is a boundary between é and k
            Assert.True(Run(@"\bkey", "ékey").Length > 0);
            Assert.False(Run(@"\bkey", "akey").Length > 0);
            Assert.True(Run(@"\bkey\b", "a key é").Length > 0);
        }

        [Fact]
        public void Posix_class_negated_excludes_class()
        {
            Assert.Equal("-", Run(@"[[:^alnum:]]", "ab-")[0]);
        }

        [Fact]
        public void Case_insensitive_group_ends_with_group()
        {
            Assert.True(Run(@"(?i:ab)C", "ABC").Length > 0);
            Assert.False(Run(@"(?i:ab)C", "ABc").Length > 0);
            Assert.True(Run(@"(?-i:a)(?i)b", "aB").Length > 0);
        }

        [Fact]
        public void Ungreedy_swaps_greediness()
        {
            Assert.Equal("a", Run(@"(?U)a+", "aaa")[0]);
            Assert.Equal("aaa", Run(@"(?U)a+?", "aaa")[0]);
        }

        [Fact]
        public void Quote_meta_is_literal()
        {
            Assert.True(Run(@"\Q.*+\E!", ".*+!").Length > 0);
            Assert.False(Run(@"\Q.*\E", "ab").Length > 0);
        }

        [Fact]
        public void Hex_and_octal_escapes_are_code_points()
        {
            Assert.True(Run(@"\x60\x{41}\101", "`AA").Length > 0);
        }

        [Fact]
        public void Word_boundary_projected_input_returns_original_values()
        {
            var m = Run(@"\b(tok_[a-z]+)\b", "é tok_abc é");
            Assert.Equal("tok_abc", m[1]);
            Assert.Equal("xé", Run(@"x\S\b", "xéy")[0]);          // é is not a word char for RE2; values keep it
            Assert.Empty(Run(@"x\S\b", "xé "));
        }

        [Fact]
        public void Word_boundary_with_non_ascii_literal_uses_exact_fallback()
        {
            Assert.Equal("ékey", Run(@"é\bkey", "ékey")[0]);        // RE2: é is not a word char, so é|k is a boundary
        }

        [Fact]
        public void Hostile_input_does_not_hang()
        {
            var regex = new Re2Regex(@"(a+)+$");
            var input = new string('a', 50_000) + "!";
            var sw = System.Diagnostics.Stopwatch.StartNew();
            Assert.False(regex.IsMatch(input));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        }
    }
}
