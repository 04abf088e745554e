using System.Text;
using Vibedom.Scanning.Detection;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>Long keywords (exact values and their needles) read one window every 8 chars are found as the automaton finds them.</summary>
public sealed class LongKeywordGateTests
{
    private const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";

    /// <summary>The definition: the keyword's chars at some position, ASCII letters in either case, no other char equal to one of them.</summary>
    private static bool Occurs(string text, string keyword)
    {
        for (var at = 0; at + keyword.Length <= text.Length; at++)
        {
            var span = text.AsSpan(at, keyword.Length);
            if (Ascii.IsValid(span) && Ascii.EqualsIgnoreCase(span, keyword))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Keywords(Random random) =>
        [.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => new string([.. Enumerable.Range(0, random.Next(LongKeywordGate.MinLength, 33)).Select(_ => char.ToLowerInvariant(Base64[random.Next(random.Next(2) == 0 ? 16 : Base64.Length)]))]))];

    [Fact]
    public void Every_long_keyword_is_found_at_every_offset_in_either_case_and_none_across_a_non_ascii_char()
    {
        var random = new Random(2323);
        string[] plain = ["please ", "0123abcdef", "é", "\u0131", "\u212A", "\u00C3", "\\n", "{\"role\":\"user\"} ", "-", "+"];
        for (var n = 0; n < 400; n++)
        {
            var keywords = Keywords(random);
            var gate = new KeywordMatcher(keywords);
            var automaton = new KeywordMatcher([.. keywords, "zq"]); // a short keyword: the automaton reads every char
            var builder = new StringBuilder();
            var length = random.Next(0, 3000);
            while (builder.Length < length)
            {
                builder.Append(plain[random.Next(plain.Length)]);
            }

            var text = builder.ToString();
            for (var k = random.Next(0, 6); k > 0; k--)
            {
                // a keyword, its prefix, or one with a char made non-ASCII (a Kelvin sign for a 'k', an 'ı' for an 'i'),
                // in any case, anywhere (offsets 0-7 of the windows alike)
                var keyword = keywords[random.Next(keywords.Length)];
                keyword = random.Next(3) switch
                {
                    0 => keyword.ToUpperInvariant(),
                    1 => keyword[..random.Next(1, keyword.Length)],
                    _ => keyword,
                };
                if (random.Next(5) == 0)
                {
                    var at = random.Next(keyword.Length);
                    keyword = keyword[..at] + (keyword[at] == 'k' ? '\u212A' : keyword[at] == 'i' ? '\u0131' : 'é') + keyword[(at + 1)..];
                }

                text = text.Insert(random.Next(text.Length + 1), keyword);
            }

            var found = gate.FindAll(text);
            var read = automaton.FindAll(text);
            for (var k = 0; k < keywords.Length; k++)
            {
                Assert.True(found[k] == Occurs(text, keywords[k]), $"'{keywords[k]}' {(found[k] ? "found but absent" : "missed")} in a text of {text.Length}");
                Assert.Equal(read[k], found[k]);
            }
        }
    }

    [Fact]
    public void A_keyword_at_each_of_the_eight_offsets_and_at_the_very_end_is_found()
    {
        var keyword = "0123456789abcdefq";
        var matcher = new KeywordMatcher([keyword]);
        for (var before = 0; before < 24; before++)
        {
            Assert.True(matcher.FindAll(new string(' ', before) + "0123456789ABCDEFQ")[0], $"missed after {before} chars");
            Assert.False(matcher.FindAll(new string(' ', before) + "0123456789abcdef")[0], "a prefix is not the keyword");
        }
    }

    [Fact]
    public void A_keyword_shorter_than_the_windows_allow_leaves_the_whole_set_to_the_other_passes()
    {
        Assert.Null(LongKeywordGate.TryCreate(["0123456789abcd"]));
        Assert.Null(LongKeywordGate.TryCreate(["0123456789abcdef", "short"]));
        Assert.Null(LongKeywordGate.TryCreate(["0123456789abcdefé"]));
        Assert.NotNull(LongKeywordGate.TryCreate(["0123456789abcde"]));
    }
}
