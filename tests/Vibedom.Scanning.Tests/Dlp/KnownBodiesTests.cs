using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// A body close to one the engine found clean scans only what differs and the margins around it
/// (<see cref="KnownBodies"/>): the output is the one scanning it whole gives, whatever the agent puts where.
/// </summary>
public sealed class KnownBodiesTests
{
    private static readonly DlpLimits WholeAlways = DlpLimits.Default with { KnownBodies = 0 };

    private static string Exact => string.Concat("q9Zr", "W3kd", "P0xa", "77Lm");

    private static List<DlpHit> Sorted(IReadOnlyList<DlpHit> hits) => [.. hits.OrderBy(h => h.RuleId, StringComparer.Ordinal).ThenBy(h => h.Hash, StringComparer.Ordinal)];

    private static (byte[] Output, IReadOnlyList<DlpHit> Hits, long Scanned) Whole(DlpEngine engine, byte[] body)
    {
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        scrubber.ScrubWhole(body, output);
        return (output.WrittenSpan.ToArray(), scrubber.Hits, scrubber.ScannedBytes);
    }

    /// <summary>A conversation as an agent sends it: the turns so far, then a long unchanged tail (system prompt, tools).</summary>
    private static byte[] Conversation(IEnumerable<string> turns, string tail) =>
        Encoding.UTF8.GetBytes("{\"model\":\"m\",\"messages\":[" + string.Join(',', turns.Select(t => "{\"role\":\"user\",\"content\":\"" + t + "\"}"))
            + "],\"system\":\"" + tail + "\",\"stream\":true}");

    private static string Filler(Random random, int length)
    {
        // the hex word comes from the seeded generator: a random one held "002d" now and then (a dash as \u002d may start
        // a PEM block), and the body went to the streaming path
        var hex = new byte[16];
        random.NextBytes(hex);
        string[] words = ["refactor", "the", "parser", "tests", "passed", "124", "failed", "2", "commit", Convert.ToHexStringLower(hex),
            "token", "count", "error", "CS1503:", "\\n", "\\\"id\\\":", "42,", "max_tokens", "https://example.test/docs", "api", "key", "0.125"];
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(words[random.Next(words.Length)]).Append(' ');
        }

        return builder.ToString(0, length);
    }

    [Fact]
    public void A_re_sent_conversation_scans_only_its_new_turn_and_the_margins_and_an_identical_body_scans_nothing()
    {
        var engine = DlpFixture.Engine();
        var random = new Random(7);
        var tail = Filler(random, 40_000);
        var turns = Enumerable.Range(0, 30).Select(_ => Filler(random, 1_500)).ToList();
        var first = Conversation(turns, tail);
        var second = Conversation([.. turns, Filler(random, 800)], tail);

        var one = Whole(engine, first);
        var two = Whole(engine, second);
        var again = Whole(engine, second);

        Assert.Equal(first.Length, one.Scanned);
        Assert.True(two.Output.AsSpan().SequenceEqual(second), "a clean body passes byte-identical");
        // the filler holds the keywords of url-credentials (reach 2 x 640) and generic-secret-assignment: margins of at most
        // 2,048 chars and the context, far less than a stream's hold-back (16 KiB each side, as before ChangeMargins)
        Assert.InRange(two.Scanned, 800, 800 + (2 * (2048 + DlpLimits.Default.Context + 1024)));
        Assert.True(two.Scanned < second.Length / 2, $"scanned {two.Scanned} of {second.Length}");
        Assert.Equal(0, again.Scanned);
        Assert.True(again.Output.AsSpan().SequenceEqual(second));
    }

    public static TheoryData<string> Values() =>
    [
        TestSecrets.AwsAccessKeyId, TestSecrets.GitHubPat, "jane.doe" + "@" + "example-corp.com", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32",
        Exact, "password=\\\"" + TestSecrets.DbPassword + "\\\"", "Authorization: Bearer " + TestSecrets.HighEntropyValue + TestSecrets.HighEntropyValue,
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_in_the_new_part_or_crossing_either_edge_of_the_window_is_replaced_as_a_whole_scan_replaces_it(string value)
    {
        var random = new Random(value.Length);
        string head = Filler(random, 30_000), tail = Filler(random, 40_000);
        var cut = value.Length / 2;
        // (body found clean before, body now): the value in the new part; crossing the end of the shared start (the
        // earlier body held its first half); crossing the start of the shared end (the earlier body held its second half)
        (string Before, string Now)[] pairs =
        [
            (head + " one " + tail, head + " see " + value + " here " + tail),
            (head + " value: " + value[..cut] + ". " + tail, head + " value: " + value + ". " + tail),
            (head + " value: " + value[..cut] + " " + tail, head + " value: " + value + " more " + tail),
            (head + " earlier " + value[cut..] + " " + tail, head + " now " + value + " " + tail),
            (head + " earlier; " + value[cut..] + " " + tail, head + " value: " + value + " " + tail),
        ];
        foreach (var (before, now) in pairs)
        {
            var remembering = DlpFixture.Engine(exact: [Exact]);
            var earlier = Whole(remembering, Encoding.UTF8.GetBytes(before));
            Assert.Empty(earlier.Hits); // a half alone is nothing: the earlier body is kept
            var body = Encoding.UTF8.GetBytes(now);
            var expected = Whole(DlpFixture.Engine(exact: [Exact], limits: WholeAlways), body);

            var got = Whole(remembering, body);

            Assert.True(got.Scanned < body.Length / 2, "the window was used");
            Assert.NotEmpty(expected.Hits);
            Assert.Equal(Encoding.UTF8.GetString(expected.Output), Encoding.UTF8.GetString(got.Output));
            Assert.Equal(Sorted(expected.Hits), Sorted(got.Hits));
        }
    }

    /// <summary>
    /// (body found before, body now): a value whose match reaches far from the change: a JWT (an open repeat: its
    /// keyword near the change widens the margins to a stream's hold-back) whose signature is the change, also with its
    /// keyword JSON-escaped (<c>\u0065yJ</c>: a keyword only to the decoded pass, so any escape widens them); a password
    /// whose key name is thousands of spaces before the change (white space counts nothing); one whose key is hundreds
    /// of <c>\u0020</c> escapes before it (an escape counts one char).
    /// </summary>
    public static TheoryData<string, string> FarReaching()
    {
        var random = new Random(11);
        string B64(int bytes) => Convert.ToBase64String([.. Enumerable.Range(0, bytes).Select(_ => (byte)random.Next(256))]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var jwt = "eyJ" + B64(900) + ".eyJ" + B64(2400) + ".";
        var password = TestSecrets.DbPassword;
        return new TheoryData<string, string>
        {
            { "auth " + jwt + "x done", "auth " + jwt + B64(48) + " done" },
            { "auth " + jwt.Replace("eyJ", "\\u0065yJ", StringComparison.Ordinal) + "x done", "auth " + jwt.Replace("eyJ", "\\u0065yJ", StringComparison.Ordinal) + B64(48) + " done" },
            { "\"password\"" + new string(' ', 5_000) + ": \"short\" done", "\"password\"" + new string(' ', 5_000) + ": \"" + password + "\" done" },
            { "{\\\"password\\\"" + string.Concat(Enumerable.Repeat("\\u0020", 400)) + ":\\\"short\\\"}", "{\\\"password\\\"" + string.Concat(Enumerable.Repeat("\\u0020", 400)) + ":\\\"" + password + "\\\"}" },
        };
    }

    [Theory]
    [MemberData(nameof(FarReaching))]
    public void A_value_whose_match_reaches_far_from_the_change_is_found_whole(string before, string now)
    {
        var random = new Random(before.Length);
        string head = Filler(random, 30_000), tail = Filler(random, 40_000);
        var remembering = DlpFixture.Engine();
        var earlier = Whole(remembering, Encoding.UTF8.GetBytes(head + " " + before + " " + tail));
        var body = Encoding.UTF8.GetBytes(head + " " + now + " " + tail);
        var expected = Whole(DlpFixture.Engine(limits: WholeAlways), body);

        var got = Whole(remembering, body);

        Assert.True(got.Scanned < body.Length / 2, $"the window was used ({got.Scanned} of {body.Length})");
        Assert.NotEmpty(expected.Hits);
        Assert.DoesNotContain(expected.Hits, h => earlier.Hits.Contains(h)); // found only in the body now
        Assert.Equal(Encoding.UTF8.GetString(expected.Output), Encoding.UTF8.GetString(got.Output));
        Assert.Equal(Sorted(expected.Hits), Sorted(got.Hits));
    }

    [Fact]
    public void Random_growing_conversations_with_values_anywhere_in_reach_come_out_as_a_whole_scan_gives()
    {
        var random = new Random(2026);
        string[] values = [TestSecrets.AwsAccessKeyId, TestSecrets.StripeLiveKey, TestSecrets.SlackBotToken, "jane.doe" + "@" + "example-corp.com", "078-05-1120", Exact,
            "GB82 WEST 1234 5698 7654 32", "10.1.2.3", "4111 1111 1111 1111", Convert.ToBase64String(Encoding.UTF8.GetBytes("token=" + Exact))];
        var remembering = DlpFixture.Engine(exact: [Exact]);
        var whole = DlpFixture.Engine(exact: [Exact], limits: WholeAlways);
        var windows = 0;
        for (var conversation = 0; conversation < 6; conversation++)
        {
            var tail = Filler(random, random.Next(20_000, 45_000));
            var turns = Enumerable.Range(0, 20).Select(_ => Filler(random, random.Next(200, 2_000))).ToList();
            string? pending = null;
            for (var turn = 0; turn < 16; turn++)
            {
                // mostly clean turns (they are kept and become the next body's reference), sometimes a value: in the new
                // turn, glued to the end of the last one, or put into a turn already sent
                var roll = random.Next(10);
                var text = Filler(random, random.Next(50, 3_000));
                if (pending is { } rest)
                {
                    turns[^1] += rest + " "; // the second half of a value the last body ended with: the shared start ends inside it
                    pending = null;
                    text = string.Empty;
                }
                else if (roll == 3)
                {
                    var value = values[random.Next(values.Length)];
                    var cut = random.Next(1, value.Length);
                    text += " " + value[..cut];
                    pending = value[cut..];
                }
                else if (roll == 0)
                {
                    turns[^1] += values[random.Next(values.Length)];
                }
                else if (roll == 1)
                {
                    var at = random.Next(turns.Count);
                    turns[at] = turns[at].Insert(random.Next(turns[at].Length), " " + values[random.Next(values.Length)] + " ");
                }
                else if (roll == 2)
                {
                    text = text.Insert(random.Next(text.Length), values[random.Next(values.Length)]);
                }

                if (text.Length > 0)
                {
                    turns.Add(text);
                }

                var body = Conversation(turns, tail);
                var expected = Whole(whole, body);
                var got = Whole(remembering, body);

                Assert.Equal(Encoding.UTF8.GetString(expected.Output), Encoding.UTF8.GetString(got.Output));
                Assert.Equal(Sorted(expected.Hits), Sorted(got.Hits));
                windows += got.Scanned < body.Length ? 1 : 0;
            }
        }

        Assert.True(windows > 70, $"only {windows} bodies were scanned in a window");
    }

    [Fact]
    public void A_value_the_conversation_still_carries_is_replaced_in_every_later_body_without_scanning_it_again()
    {
        var engine = DlpFixture.Engine();
        var random = new Random(3);
        var tail = Filler(random, 40_000);
        List<string> turns = [Filler(random, 20_000), "key " + TestSecrets.AwsAccessKeyId, Filler(random, 20_000)];
        var first = Conversation(turns, tail);
        var second = Conversation([.. turns, "and " + "jane.doe" + "@" + "example-corp.com"], tail);

        var one = Whole(engine, first);
        var again = Whole(engine, first);
        var two = Whole(engine, second);

        Assert.Equal(0, again.Scanned);
        Assert.Equal(one.Output, again.Output);
        Assert.Equal("aws-access-key-id", Assert.Single(again.Hits).RuleId);
        Assert.True(two.Scanned < second.Length / 2, $"scanned {two.Scanned} of {second.Length}");
        Assert.Equal(["aws-access-key-id", "email"], two.Hits.Select(h => h.RuleId).Order(StringComparer.Ordinal));
        var text = Encoding.UTF8.GetString(two.Output);
        Assert.DoesNotContain(TestSecrets.AwsAccessKeyId, text, StringComparison.Ordinal);
        Assert.Contains("key [REDACTED_AWS-ACCESS-KEY-ID]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_newest_bodies_are_kept()
    {
        var engine = DlpFixture.Engine();
        var random = new Random(5);
        var bodies = Enumerable.Range(0, DlpLimits.Default.KnownBodies + 1).Select(_ => Encoding.UTF8.GetBytes(Filler(random, 60_000))).ToList();
        foreach (var body in bodies)
        {
            Whole(engine, body);
        }

        Assert.Equal(bodies[0].Length, Whole(engine, bodies[0]).Scanned);
        Assert.Equal(0, Whole(engine, bodies[^1]).Scanned);
    }
}
