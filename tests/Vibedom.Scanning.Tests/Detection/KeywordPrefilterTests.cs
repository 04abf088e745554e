using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>
/// The vectorised prefilter of the keywords' first chars marks exactly what the automaton marks: keywords at every
/// alignment to the filter's 16-char steps and its 32-char loads, at both ends, in either case, beside and inside
/// chars outside ASCII (whose low byte may equal a keyword char's), and in texts made of keyword beginnings.
/// </summary>
public sealed class KeywordPrefilterTests
{
    private static readonly string[] Keywords = RuleLoader.LoadDefault().Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal).ToArray();
    private static readonly KeywordMatcher Matcher = new(Keywords);
    private static readonly KeywordPrefilter Prefilter = KeywordPrefilter.TryCreate(Keywords)
        ?? throw new InvalidOperationException("the default keywords take the prefilter on this machine (SSSE3)");

    // '\u0161' and '\u0173' narrow to 'a' and 's'; '\u212A' (Kelvin) lowers to 'k' outside ASCII; 'ı' and 'İ' are i's
    private static readonly string[] Plain = ["please ", "the ", "é", "\n", "\\n", "{\"role\":\"user\"} ", "0123 ", "_", "-", "\u0161", "\u0173", "\u212A", "ı", "İ", "ſ", "\u00FF"];

    private static void AssertSame(string text, string because)
    {
        var expected = new bool[Keywords.Length];
        Matcher.FindAllByAutomaton(text, expected);
        var actual = new bool[Keywords.Length];
        var rest = Prefilter.FindAll(text, actual);
        Matcher.FindAllByAutomaton(text.AsSpan(rest), actual);
        var viaMatcher = Matcher.FindAll(text);
        for (var k = 0; k < Keywords.Length; k++)
        {
            Assert.True(actual[k] == expected[k], $"'{Keywords[k]}' {(actual[k] ? "found but absent" : "missed")} ({because}, {text.Length} chars)");
            Assert.True(viaMatcher[k] == expected[k], $"'{Keywords[k]}' differs through the matcher ({because})");
        }
    }

    private static string Mixed(string keyword, Random random) =>
        string.Concat(keyword.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c));

    [Fact]
    public void Each_keyword_is_found_at_every_alignment_and_at_both_ends()
    {
        var random = new Random(2411);
        foreach (var keyword in Keywords)
        {
            foreach (var length in new[] { 31, 32, 33, 64, 70 })
            {
                for (var at = 0; at + keyword.Length <= length; at++)
                {
                    var pad = new string('.', length);
                    AssertSame(pad[..at] + Mixed(keyword, random) + pad[(at + keyword.Length)..], $"at {at}");
                }
            }
        }
    }

    [Fact]
    public void A_keyword_broken_by_a_char_outside_ascii_is_not_found_as_the_automaton_says()
    {
        foreach (var keyword in Keywords)
        {
            for (var cut = 1; cut < keyword.Length; cut++)
            {
                foreach (var odd in new[] { '\u0100' | keyword[cut], '\u212A', 'İ', '\u0000' + 0xE0 })
                {
                    var broken = keyword[..cut] + (char)odd + keyword[(cut + 1)..];
                    AssertSame(new string(' ', 15) + broken + new string(' ', 40) + broken, $"'{keyword}' with char {odd:X} at {cut}");
                }
            }
        }
    }

    [Fact]
    public void Generated_texts_mark_what_the_automaton_marks()
    {
        var random = new Random(2412);
        for (var n = 0; n < 400; n++)
        {
            var builder = new StringBuilder();
            var length = random.Next(30, 3000);
            while (builder.Length < length)
            {
                builder.Append(random.Next(6) == 0 ? Mixed(Keywords[random.Next(Keywords.Length)], random)[..^1] : Plain[random.Next(Plain.Length)]);
            }

            for (var k = random.Next(0, 4); k > 0; k--)
            {
                builder.Insert(random.Next(builder.Length + 1), Mixed(Keywords[random.Next(Keywords.Length)], random));
            }

            AssertSame(builder.ToString(), $"text {n}");
        }
    }

    [Fact]
    public void Texts_of_keyword_beginnings_mark_nothing_the_automaton_does_not()
    {
        // every keyword's first two or three chars, back to back: the filter passes nearly every position
        var starts = string.Concat(Keywords.Select(k => k[..Math.Min(3, k.Length - 1)]));
        AssertSame(starts, "keyword beginnings");
        AssertSame(starts.ToUpperInvariant(), "keyword beginnings upper case");
        AssertSame(string.Concat(Keywords.Select(k => k[..^1])), "keywords less their last char");
    }

    [Fact]
    public void A_text_that_passes_everywhere_hands_the_rest_to_the_automaton_with_the_same_marks()
    {
        var random = new Random(2413);
        foreach (var dense in new[] { "xo", "sk-svcacct", "gho" })
        {
            var prefix = string.Concat(Enumerable.Repeat(dense, 400 / dense.Length));
            Assert.True(Prefilter.FindAll(prefix + prefix, new bool[Keywords.Length]) < (2 * prefix.Length) - 32, $"'{dense}' leaves the filter");
            foreach (var keyword in Keywords)
            {
                // before, across and after the position where the filter stops
                for (var at = random.Next(8); at <= prefix.Length; at += 37 + random.Next(29))
                {
                    AssertSame(prefix.Insert(at, Mixed(keyword, random)) + prefix, $"'{keyword}' at {at} in '{dense}'");
                }
            }
        }
    }
}
