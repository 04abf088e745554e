using System.Text;
using Vibedom.Scanning.Detection;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

public sealed partial class StreamingDetectorTests
{
    public sealed class Encoding_
    {
        private static readonly Lazy<Detector> Brackets = new(() => Rules("""
            [[rules]]
            id = "between"
            regex = '''<([^<>]*)>'''
            """));

        [Fact]
        public void Write_invalid_and_split_utf_8_decodes_as_dotnet_does_and_counts_the_original_bytes()
        {
            var random = new Random(20261202);
            byte[] alphabet = [0x41, 0x7A, 0x20, 0xC3, 0xA9, 0xE6, 0x97, 0xA5, 0xF0, 0x9F, 0x99, 0x82, 0x80, 0xBF, 0xFF, 0xC0, 0xED, 0xA0, 0xF4, 0x90, 0xEF, 0xBB];
            for (var round = 0; round < 400; round++)
            {
                var inner = Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
                byte[] bytes = [.. "ab<"u8, .. inner, .. ">cd"u8];
                var cuts = Enumerable.Range(1, bytes.Length - 1).Where(_ => random.Next(3) == 0);

                var m = Assert.Single(Run(Brackets.Value, bytes, cuts));

                Assert.Equal(Encoding.UTF8.GetString(inner), m.Detail.Secret);
                Assert.Equal((3L, 3L + inner.Length), (m.ValueStart, m.ValueEnd));
                Assert.Equal((2L, 4L + inner.Length), (m.MatchStart, m.MatchEnd));
            }
        }

        [Fact]
        public void Write_stream_ending_inside_a_char_is_one_replacement_char_and_position_counts_every_byte()
        {
            using var stream = new StreamingDetector(Brackets.Value);
            byte[] bytes = [.. "<x"u8, 0xF0, 0x9F, 0x99];

            Assert.Empty(stream.Write(bytes));
            var found = stream.Complete();

            Assert.Empty(found);
            Assert.Equal(5, stream.Position);
            Assert.Equal(5, stream.Settled);
        }

        [Fact]
        public void Write_text_after_bytes_ending_inside_a_char_is_refused()
        {
            using var stream = new StreamingDetector(Brackets.Value);
            stream.Write([0xC3]);

            Assert.Throws<InvalidOperationException>(() => stream.Write("x".AsSpan()));
        }

        [Fact]
        public void Write_matches_are_reported_only_after_what_was_settled()
        {
            var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 60).Select(i => $"line {i} <v{i}> ünï\n")));
            using var stream = new StreamingDetector(Brackets.Value, Small);
            var settled = 0L;
            var count = 0;
            for (var at = 0; at < bytes.Length; at += 5)
            {
                foreach (var m in stream.Write(bytes.AsSpan(at, Math.Min(5, bytes.Length - at))))
                {
                    Assert.True(m.MatchStart >= settled, $"a match at {m.MatchStart} came after {settled} was settled");
                    count++;
                }

                Assert.InRange(stream.Settled, settled, stream.Position);
                settled = stream.Settled;
            }

            count += stream.Complete().Count(m => m.MatchStart >= settled);
            Assert.Equal(60, count);
            Assert.Equal(bytes.Length, stream.Settled);
        }
    }
}
