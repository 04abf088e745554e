using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>The keyword automaton over a long text read as four quarters at once finds what one pass finds.</summary>
public sealed class KeywordMatcherFourStreamsTests
{
    private static readonly string[] Keywords = RuleLoader.LoadDefault().Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal).ToArray();
    private static readonly KeywordMatcher Matcher = new(Keywords);

    [Fact]
    public void Each_keyword_across_each_quarter_boundary_is_found_at_every_cut()
    {
        const int length = 10001; // read as four quarters of 2500 chars (the last one 2501)
        foreach (var boundary in new[] { 2500, 5000, 7500 })
        {
            for (var k = 0; k < Keywords.Length; k++)
            {
                for (var cut = 1; cut < Keywords[k].Length; cut++)
                {
                    var start = boundary - cut;
                    var text = new string(' ', start) + Keywords[k] + new string(' ', length - start - Keywords[k].Length);

                    Assert.True(Matcher.FindAll(text)[k], $"'{Keywords[k]}' cut after {cut} chars by the boundary at {boundary} is missed");
                }
            }
        }
    }

    [Fact]
    public void Keywords_anywhere_in_texts_of_many_lengths_are_found_as_a_short_text_finds_them()
    {
        var random = new Random(2325);
        string[] plain = ["please ", "refactor ", "é", "\n", "\\n", "{\"role\":\"user\"} ", "0123 ", "_", "-"];
        for (var n = 0; n < 60; n++)
        {
            var builder = new StringBuilder();
            var length = random.Next(8192, 20000);
            while (builder.Length < length)
            {
                builder.Append(random.Next(40) == 0 ? Keywords[random.Next(Keywords.Length)].ToUpperInvariant() : plain[random.Next(plain.Length)]);
            }

            var text = builder.ToString();
            var expected = new bool[Keywords.Length];
            for (var at = 0; at < text.Length; at += 1000)
            {
                // pieces shorter than the two-stream bound, overlapping by more than any keyword: one plain pass each
                var piece = Matcher.FindAll(text.AsSpan(at, Math.Min(1100, text.Length - at)).ToString());
                for (var k = 0; k < expected.Length; k++)
                {
                    expected[k] |= piece[k];
                }
            }

            Assert.Equal(expected, Matcher.FindAll(text));
        }
    }
}
