using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>A secret split anywhere across writes and windows is found exactly once, at its exact byte offsets.</summary>
public sealed partial class StreamingDetectorTests
{
    private static readonly Lazy<Detector> Default = new(() => new Detector(RuleLoader.LoadDefault()));

    /// <summary>Small windows, so short texts cross many cuts (the hold-back still holds a whole token and its line).</summary>
    private static readonly DetectionWindow Small = new() { Size = 256, Overlap = 128 };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static List<StreamMatch> Run(Detector detector, byte[] bytes, IEnumerable<int> cuts, DetectionWindow? window = null)
    {
        using var stream = new StreamingDetector(detector, window);
        var found = new List<StreamMatch>();
        var at = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            found.AddRange(stream.Write(bytes.AsSpan(at, cut - at)));
            at = cut;
        }

        found.AddRange(stream.Complete());
        return found;
    }

    private static Detector Rules(string toml) => new(RuleLoader.Load(toml, "test.toml"));

    public sealed class Write
    {
        [Fact]
        public void Write_secret_split_at_every_byte_across_two_chunks_found_once_at_its_byte_offsets()
        {
            var pat = TestSecrets.GitHubPat;
            var prefix = "é 日本 🙂 token ";
            var bytes = Utf8(prefix + pat + " ü end\n");
            var start = Utf8(prefix).Length;

            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                var found = Run(Default.Value, bytes, [cut]);

                var m = Assert.Single(found);
                Assert.Equal("github-pat", m.RuleId);
                Assert.Equal((start, start + pat.Length), (m.ValueStart, m.ValueEnd));
                Assert.Equal(pat, Encoding.UTF8.GetString(bytes, (int)m.ValueStart, (int)(m.ValueEnd - m.ValueStart)));
                Assert.Equal(pat, m.Detail.Secret);
            }
        }

        [Fact]
        public void Write_secret_at_every_position_across_window_cuts_found_once_with_line_and_offsets()
        {
            var pat = TestSecrets.GitHubPat;
            for (var position = 0; position < 700; position += 7)
            {
                var filler = string.Concat(Enumerable.Range(0, position).Select(i => i % 37 == 36 ? '\n' : i % 11 == 0 ? 'é' : 'x'));
                var bytes = Utf8(filler + " " + pat + " " + new string('y', 600));
                var start = Utf8(filler + " ").Length;

                var found = Run(Default.Value, bytes, Enumerable.Range(1, bytes.Length / 13).Select(i => i * 13), Small);

                var m = Assert.Single(found);
                Assert.Equal((start, start + pat.Length), (m.ValueStart, m.ValueEnd));
                Assert.Equal(filler.Count(c => c == '\n') + 1, m.Detail.StartLine);
                Assert.False(m.Truncated);
            }
        }

        [Fact]
        public void Write_one_byte_chunks_same_matches_as_one_write()
        {
            var text = new StringBuilder();
            for (var i = 0; i < 40; i++)
            {
                text.Append(i % 3 == 0 ? "AWS " + TestSecrets.AwsAccessKeyId : i % 3 == 1 ? "gh " + TestSecrets.GitHubPat : "slack " + TestSecrets.SlackBotToken)
                    .Append(" ünïcødé ").Append(new string('z', i * 3)).Append('\n');
            }

            var bytes = Utf8(text.ToString());
            static object Key(StreamMatch m) => (m.RuleId, m.MatchStart, m.MatchEnd, m.ValueStart, m.ValueEnd, m.Detail.StartLine, m.Detail.Secret);

            var whole = Run(Default.Value, bytes, [], Small).Select(Key).ToList();
            var bytewise = Run(Default.Value, bytes, Enumerable.Range(1, bytes.Length - 1), Small).Select(Key).ToList();

            Assert.Equal(40, whole.Count);
            Assert.Equal(whole, bytewise);
        }

        [Fact]
        public void Write_overlapping_rules_on_one_value_each_reported_once_with_its_own_spans()
        {
            var detector = Rules("""
                [[rules]]
                id = "keyed"
                regex = '''key=(tok_[a-z0-9]{12})'''
                [[rules]]
                id = "bare"
                regex = '''tok_[a-z0-9]{12}'''
                """);
            var bytes = Utf8("ß key=tok_abcdef123456 done");

            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                var found = Run(detector, bytes, [cut]).OrderBy(m => m.RuleId, StringComparer.Ordinal).ToList();

                Assert.Equal(["bare", "keyed"], found.Select(m => m.RuleId));
                Assert.Equal((3L, 23L), (found[1].MatchStart, found[1].MatchEnd));
                Assert.All(found, m => Assert.Equal((7L, 23L), (m.ValueStart, m.ValueEnd)));
            }
        }

        [Fact]
        public void Write_base_64_split_at_every_byte_and_across_cuts_found_once_as_the_encoded_range()
        {
            var encoded = Convert.ToBase64String(Utf8("token=" + TestSecrets.GitHubPat));
            foreach (var lead in new[] { 3, 200, 250, 300 })
            {
                var prefix = new string('-', lead) + " blob ";
                var bytes = Utf8(prefix + encoded + " tail " + new string('-', 400));
                var start = prefix.Length;

                for (var cut = 0; cut <= bytes.Length; cut += lead == 3 ? 1 : 17)
                {
                    var m = Assert.Single(Run(Default.Value, bytes, [cut], Small));

                    Assert.Equal("github-pat", m.RuleId);
                    Assert.Contains("decoded:base64", m.Detail.Tags);
                    Assert.InRange(m.ValueStart, start, start + encoded.Length);
                    Assert.InRange(m.ValueEnd, m.ValueStart + 1, start + encoded.Length);
                }
            }
        }

        [Fact]
        public void Write_value_longer_than_the_overlap_across_a_cut_reported_once_truncated_at_the_window_end()
        {
            var detector = Rules("""
                [[rules]]
                id = "long"
                regex = '''tok_[a-z]{10,}'''
                """);
            var window = new DetectionWindow { Size = 128, Overlap = 32 }; // windows of 192 chars, first owns [0, 160)
            var bytes = Utf8(new string(' ', 100) + "tok_" + new string('q', 300) + " end");

            var found = Run(detector, bytes, Enumerable.Range(1, bytes.Length - 1), window);

            var m = Assert.Single(found);
            Assert.Equal(100, m.ValueStart);
            Assert.Equal(192, m.ValueEnd);
            Assert.True(m.Truncated);
        }
    }
}
