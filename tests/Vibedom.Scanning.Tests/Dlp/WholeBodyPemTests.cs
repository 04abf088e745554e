using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// <see cref="BodyScrubber.ScrubWhole"/> (a request body up to 1 MiB held whole) against the streamed scrub of the same
/// bytes: a private key block longer than the PEM hold-back (16 KiB) and with no END line is absorbed (redacted) by the
/// streamed scrub; the one-scan path alone has only the private-key regex, which needs the END line, so a body that may
/// start a PEM block takes the streaming path (found by the red team; failed before).
/// </summary>
public sealed class WholeBodyPemTests
{
    private static string LongKeyWithoutEnd()
    {
        var random = new Random(7);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var pem = new StringBuilder("-----BEGIN " + "RSA PRIVATE" + " KEY-----\n");
        for (var line = 0; line < 300; line++) // 300 x 65 bytes: ~19.5 KiB, over DlpLimits.PemBlock
        {
            for (var c = 0; c < 64; c++)
            {
                pem.Append(alphabet[random.Next(alphabet.Length)]);
            }

            pem.Append('\n');
        }

        return pem.ToString();
    }

    [Fact]
    public void A_long_private_key_without_its_end_line_is_redacted_whole_as_it_is_streamed()
    {
        var key = LongKeyWithoutEnd();
        var filler = string.Concat(Enumerable.Repeat("{\"role\":\"user\",\"content\":\"refactor Sum(xs)\"},\n", 200));
        var body = Encoding.UTF8.GetBytes(filler + key + "\"}\n");
        var keyLine = key.Split('\n')[150];

        var streamed = DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(64 << 10).ToArray());
        using var scrubber = DlpFixture.Replacing.CreateBodyScrubber();
        var whole = new ArrayBufferWriter<byte>();
        scrubber.ScrubWhole(body, whole);

        Assert.DoesNotContain(keyLine, Encoding.UTF8.GetString(streamed.Output), StringComparison.Ordinal); // main's path: absorbed
        Assert.DoesNotContain(keyLine, Encoding.UTF8.GetString(whole.WrittenSpan), StringComparison.Ordinal); // the one-scan path
    }
}
