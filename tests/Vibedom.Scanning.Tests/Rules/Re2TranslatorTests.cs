using System.Text.RegularExpressions;
using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

public sealed class Re2TranslatorTests
{
    private static Match Run(string re2, string input) => new Re2Regex(re2).For(input).Match(input);

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
        public void Translate_ValidRe2_GivesExpectedNetPattern(string re2, string expected)
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
        [InlineData(@"(?x)a", "unsupported Perl syntax")]
        public void Translate_InvalidOrUntranslatable_ThrowsNamingTheProblem(string re2, string problem)
        {
            var e = Assert.Throws<Re2TranslationException>(() => Re2Translator.Translate(re2));
            Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Translate_NamedGroupsBetweenUnnamed_KeepsRe2Numbering()
        {
            var m = Run(@"(?P<first>a)(b)(?P<third>c)", "abc");
            Assert.Equal("a", m.Groups[1].Value);
            Assert.Equal("b", m.Groups[2].Value);
            Assert.Equal("c", m.Groups[3].Value);
        }
    }

    public sealed class Semantics
    {
        [Fact]
        public void Dollar_WithoutMultiline_DoesNotMatchBeforeFinalNewline()
        {
            Assert.False(Run(@"abc$", "abc\n").Success);          // .NET's $ would match here
            Assert.True(Run(@"(?m)abc$", "abc\n").Success);
        }

        [Fact]
        public void WordClass_OnNonAsciiLetters_IsAsciiOnly()
        {
            Assert.Equal("abc", Run(@"\w+", "abcé").Value);
            Assert.False(Run(@"^\d$", "٣").Success);               // Arabic-Indic digit is not \d in RE2
            Assert.False(Run(@"\s", "\u00a0").Success);            // no-break space is not \s in RE2
        }

        [Fact]
        public void WordBoundary_NextToNonAsciiLetter_IsAsciiBoundary()
        {
            // RE2: é is not a word char, so there is a boundary between é and k
            Assert.True(Run(@"\bkey", "ékey").Success);
            Assert.False(Run(@"\bkey", "akey").Success);
            Assert.True(Run(@"\bkey\b", "a key é").Success);
        }

        [Fact]
        public void PosixClass_Negated_ExcludesClass()
        {
            Assert.Equal("-", Run(@"[[:^alnum:]]", "ab-").Value);
        }

        [Fact]
        public void CaseInsensitiveGroup_EndsWithGroup()
        {
            Assert.True(Run(@"(?i:ab)C", "ABC").Success);
            Assert.False(Run(@"(?i:ab)C", "ABc").Success);
            Assert.True(Run(@"(?-i:a)(?i)b", "aB").Success);
        }

        [Fact]
        public void Ungreedy_SwapsGreediness()
        {
            Assert.Equal("a", Run(@"(?U)a+", "aaa").Value);
            Assert.Equal("aaa", Run(@"(?U)a+?", "aaa").Value);
        }

        [Fact]
        public void QuoteMeta_IsLiteral()
        {
            Assert.True(Run(@"\Q.*+\E!", ".*+!").Success);
            Assert.False(Run(@"\Q.*\E", "ab").Success);
        }

        [Fact]
        public void HexAndOctalEscapes_AreCodePoints()
        {
            Assert.True(Run(@"\x60\x{41}\101", "`AA").Success);
        }

        [Fact]
        public void HostileInput_DoesNotHang()
        {
            var regex = new Re2Regex(@"(a+)+$");
            var input = new string('a', 50_000) + "!";
            var sw = System.Diagnostics.Stopwatch.StartNew();
            Assert.False(regex.IsMatch(input));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        }
    }
}
