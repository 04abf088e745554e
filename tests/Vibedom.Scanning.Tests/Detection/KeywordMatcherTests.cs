using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>The keyword automaton, long texts read as two halves at once, finds each keyword that occurs, wherever it is.</summary>
public sealed class KeywordMatcherTests
{
    private static readonly string[] Keywords = RuleLoader.LoadDefault().Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal).ToArray();
    private static readonly KeywordMatcher Matcher = new(Keywords);

    /// <summary>The definition: the keyword's chars at some position, ASCII letters in either case.</summary>
    private static bool Occurs(string text, string keyword)
    {
        for (var at = 0; at + keyword.Length <= text.Length; at++)
        {
            if (Ascii.EqualsIgnoreCase(text.AsSpan(at, keyword.Length), keyword))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void Every_keyword_in_a_long_text_is_found_across_the_middle_and_at_the_ends()
    {
        var random = new Random(2213);
        string[] plain = ["please ", "refactor ", "the ", "é", "\n", "\\n", "{\"role\":\"user\"} ", "0123 ", "_", "-"];
        for (var n = 0; n < 300; n++)
        {
            var builder = new StringBuilder();
            var length = random.Next(2000, 9000);
            while (builder.Length < length)
            {
                builder.Append(plain[random.Next(plain.Length)]);
            }

            var text = builder.ToString();
            for (var k = random.Next(1, 6); k > 0; k--)
            {
                // a keyword (sometimes upper case) placed anywhere, often near the middle, sometimes at either end
                var keyword = Keywords[random.Next(Keywords.Length)];
                keyword = random.Next(3) == 0 ? keyword.ToUpperInvariant() : keyword;
                var at = random.Next(4) switch
                {
                    0 => Math.Max(0, (text.Length / 2) - random.Next(keyword.Length + 1)),
                    1 => 0,
                    2 => text.Length,
                    _ => random.Next(text.Length),
                };
                text = text.Insert(at, keyword);
            }

            var found = Matcher.FindAll(text);

            for (var k = 0; k < Keywords.Length; k++)
            {
                Assert.True(found[k] == Occurs(text, Keywords[k]), $"'{Keywords[k]}' {(found[k] ? "found but absent" : "missed")} in a text of {text.Length}");
            }
        }
    }

    [Fact]
    public void Each_keyword_across_the_middle_of_a_long_text_is_found_at_every_cut()
    {
        const int length = 4000; // read as two halves; the middle is char 2000
        for (var k = 0; k < Keywords.Length; k++)
        {
            for (var cut = 1; cut < Keywords[k].Length; cut++)
            {
                var start = (length / 2) - cut;
                var text = new string(' ', start) + Keywords[k] + new string(' ', length - start - Keywords[k].Length);

                Assert.True(Matcher.FindAll(text)[k], $"'{Keywords[k]}' cut after {cut} chars by the middle is missed");
            }
        }
    }
}
