using System.Text;
using Vibedom.Scanning.Dlp.Pii;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>The IPv4 scan steps over dots that cannot start a private address: it skips none that does.</summary>
public sealed class PrivateIpv4SkipTests
{
    private static readonly string[] Pieces =
    [
        "10.1.2.3", "172.16.5.4", "192.168.1.20", "110.1.2.3", "172.32.0.1", "192.169.1.1", "10.0.0.0", "3.41", "0.125",
        "Program.cs", "xs.Aggregate", ".", "..", "1.", "2.", "0.", "2.0", "v10.1.2.3", "12.1", "٢.1", "10.", "192.168.",
        "x", " ", "\\n", "(", ")", "-", "010.1.2.3", "10.1.2.3.4", "é",
    ];

    [Fact]
    public void NextCandidate_skips_no_dot_where_a_private_address_starts_on_generated_text()
    {
        var random = new Random(1918);
        Span<int> octets = stackalloc int[4];
        for (var n = 0; n < 3000; n++)
        {
            var builder = new StringBuilder();
            for (var length = random.Next(1, 300); builder.Length < length;)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(3) == 0 ? string.Empty : " ");
            }

            var text = builder.ToString();
            for (var from = 0; from <= text.Length; from += 1 + random.Next(7))
            {
                var next = PrivateIpv4Detector.NextCandidate(text, from);
                var stop = next < 0 ? text.Length : next;
                for (var dot = from; dot < stop; dot++)
                {
                    Assert.True(text[dot] != '.' || PrivateIpv4Detector.HostAt(text, dot, octets).End < 0, $"skipped the address at {dot} (from {from}) in: {text}");
                }

                Assert.True(next < 0 || text[next] == '.', "a candidate is a dot");
            }
        }
    }

    [Theory]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.20")]
    [InlineData("10.1.2.3")]
    public void Find_addresses_at_every_alignment_and_at_the_ends(string address)
    {
        // a skip that read the text 16 chars a step could miss an address across a step's edge or in the tail
        for (var pad = 0; pad < 40; pad++)
        {
            var text = new string(' ', pad) + address + " " + new string('x', 40 - pad) + " " + address;
            var found = new List<(int Start, int End)>();
            new PrivateIpv4Detector().Find(new PiiInput(text), found);

            Assert.Equal([(pad, pad + address.Length), (text.Length - address.Length, text.Length)], found);
        }
    }
}
