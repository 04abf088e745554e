using System.Text;
using Vibedom.Scanning.Dlp;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>The one-pass check for a PEM block's start says what the five searches it replaces said, at every position.</summary>
public sealed class PemBeginScanTests
{
    private static bool Searches(ReadOnlySpan<byte> body) =>
        body.IndexOf("-----"u8) >= 0 || body.IndexOf("002d"u8) >= 0 || body.IndexOf("002D"u8) >= 0
        || body.IndexOf("%2d"u8) >= 0 || body.IndexOf("%2D"u8) >= 0;

    [Fact]
    public void Each_form_and_each_near_miss_is_told_as_the_searches_tell_it_wherever_it_is()
    {
        var random = new Random(2324);
        string[] pieces = ["-----", "----", "- ---", "002d", "002D", "%2d", "%2D", "02d", "2d", "%2e", "00 2d", "-", "2", "0", "%", "d", "abc ", "{\"k\":1}", "é"];
        for (var n = 0; n < 3000; n++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 80);
            while (builder.Length < length)
            {
                var piece = pieces[random.Next(pieces.Length)];
                builder.Append(random.Next(4) == 0 ? new string('x', random.Next(0, 20)) : string.Empty).Append(piece);
            }

            var body = Encoding.UTF8.GetBytes(builder.ToString());
            Assert.Equal(Searches(body), PemBeginScan.MayHold(body));
        }
    }

    [Fact]
    public void A_form_at_every_offset_of_a_long_body_is_seen()
    {
        foreach (var form in new[] { "-----", "002d", "002D", "%2d", "%2D" })
        {
            for (var at = 0; at < 70; at++)
            {
                var body = Encoding.ASCII.GetBytes(new string('a', at) + form + new string('b', 70 - at));
                Assert.True(PemBeginScan.MayHold(body), $"'{form}' at {at}");
                Assert.False(PemBeginScan.MayHold(Encoding.ASCII.GetBytes(new string('a', at) + form[1..] + new string('b', 70 - at))), $"'{form[1..]}' at {at}");
            }
        }
    }
}
