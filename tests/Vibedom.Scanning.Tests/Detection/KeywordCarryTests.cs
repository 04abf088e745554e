using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Xunit;
using Decoder = Vibedom.Scanning.Detection.Decoder;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>
/// The keyword pass of a decoded text, carried from the pass before it (a look-up of the keywords found before and
/// the automaton over windows around the decoded segments), finds exactly what a pass over the whole text finds.
/// </summary>
public sealed class KeywordCarryTests
{
    private static readonly KeywordMatcher Matcher = new(RuleLoader.LoadDefault().Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal).ToArray());

    private static string Piece(Random random)
    {
        var keyword = Matcher.Keywords[random.Next(Matcher.Keywords.Count)];
        var cut = random.Next(1, Math.Max(2, keyword.Length));
        return random.Next(12) switch
        {
            0 => keyword,
            1 => keyword.ToUpperInvariant(),
            2 => keyword[..cut] + "%" + Convert.ToHexString(Encoding.ASCII.GetBytes(keyword[cut..(cut + 1)])) + keyword[(cut + 1)..], // one char percent-encoded
            3 => Convert.ToBase64String(Encoding.ASCII.GetBytes(keyword + " = value-0123456789")),
            4 => Convert.ToHexStringLower(Encoding.ASCII.GetBytes("x " + keyword + " 0123456789abcdef")),
            5 => Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.ASCII.GetBytes("the " + keyword + " is here")))),
            6 => keyword[..cut] + Convert.ToBase64String(Encoding.ASCII.GetBytes(keyword[cut..] + " spilling over")), // across a segment's edge
            7 => keyword.Replace('s', '\u017F').Replace('k', '\u212A'), // folds to the keyword ignoring case, is not it in ASCII
            8 => "\\u00" + Convert.ToHexString(Encoding.ASCII.GetBytes(keyword[..1])) + keyword[1..],
            9 => "é ×",
            _ => "%zz U+0041 ",
        };
    }

    private static string Text(Random random)
    {
        string[] plain = ["please", "refactor", "the", "function", "below", "so", "that", "it", "handles", "empty", "input", "\n", "\\n", "{\"role\":\"user\"}"];
        var builder = new StringBuilder();
        var length = random.Next(200, 1500);
        while (builder.Length < length)
        {
            builder.Append(random.Next(8) == 0 ? Piece(random) : plain[random.Next(plain.Length)]);
            builder.Append(random.Next(3) == 0 ? string.Empty : " ");
        }

        return builder.ToString();
    }

    [Fact]
    public void A_carried_keyword_pass_finds_what_a_whole_pass_finds_at_every_decoding_depth()
    {
        var random = new Random(2212);
        var carried = 0;
        var compared = 0;
        for (var n = 0; n < 400; n++)
        {
            var text = Text(random);
            var found = Matcher.FindAll(text);
            var decoder = new Decoder();
            IReadOnlyList<EncodedSegment> segments = [];
            for (var depth = 1; depth <= 5; depth++)
            {
                (text, var next) = decoder.Decode(text, segments);
                if (next.Count == 0)
                {
                    break;
                }

                segments = next;
                var whole = Matcher.FindAll(text);
                var carry = KeywordCarry.Carry(Matcher, text, segments, found);
                compared++;
                if (carry is not null)
                {
                    carried++;
                    Assert.True(whole.SequenceEqual(carry), $"depth {depth}: {string.Join(",", Matcher.Keywords.Where((_, k) => whole[k] != carry[k]))} differ in: {text}");
                }

                found = whole;
            }
        }

        Assert.True(carried > compared / 2, $"carried {carried} of {compared}: the windows were too wide to test the carry");
    }

    [Theory]
    [InlineData("the secret is", true)]
    [InlineData("THE SECRET IS", true)]
    [InlineData("the \u017Fecret is", false)] // long s, upper case 'S' in Unicode: not the automaton's 's'
    [InlineData("the \u017Fecret and the SeCrEt", true)]
    [InlineData("secre", false)]
    [InlineData("the secre\u017F \u017Fecret", false)]
    public void A_keyword_is_looked_up_again_as_the_automaton_matches_it(string text, bool occurs)
    {
        var matcher = new KeywordMatcher(["secret"]);
        Assert.Equal(occurs, matcher.Occurs(text, 0));
        Assert.Equal(occurs, matcher.FindAll(text)[0]);
    }

    [Fact]
    public void A_keyword_found_only_inside_an_encoded_segment_is_not_carried_to_the_decoded_text()
    {
        // "password" is inside the hex run only; once the run is decoded to other bytes it is gone from the text
        var text = "intro " + new string('x', 200) + " 70617373776f72640123456789abcdef0123 " + new string('y', 200);
        var found = Matcher.FindAll(text);
        var (decoded, segments) = new Decoder().Decode(text, []);

        var carry = KeywordCarry.Carry(Matcher, decoded, segments, found);

        Assert.NotNull(carry);
        Assert.Equal(Matcher.FindAll(decoded), carry);
    }
}
