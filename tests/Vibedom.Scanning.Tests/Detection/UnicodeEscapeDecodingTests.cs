using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Decoder = Vibedom.Scanning.Detection.Decoder;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

public sealed class UnicodeEscapeDecodingTests
{
    // gitleaks' codec: the run is found by the multi-escape pattern, each escape in it by this one
    private static readonly Regex Run = new(@"(?i)(?:\\{1,2}u[a-fA-F0-9]{4})+", RegexOptions.CultureInvariant);
    private static readonly Regex Escape = new(@"(?i)\\{1,2}u([a-fA-F0-9]{4})", RegexOptions.CultureInvariant);

    [Fact]
    public void A_run_of_escapes_decodes_as_the_per_escape_pattern_decodes_it_on_generated_runs()
    {
        var random = new Random(23);
        for (var round = 0; round < 3_000; round++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 12); n > 0; n--)
            {
                text.Append(random.Next(3) == 0 ? @"\\" : @"\").Append(random.Next(2) == 0 ? 'u' : 'U');
                for (var k = 0; k < 4; k++)
                {
                    text.Append("0123456789abcdefABCDEF"[random.Next(22)]);
                }
            }

            var run = Run.Match(text.ToString());
            Assert.True(run.Success);
            Assert.Equal(Reference(run.Value), Decoder.DecodeMultiEscape(run.Value));
        }
    }

    [Fact]
    public void Surrogates_and_invalid_code_points_decode_as_before()
    {
        foreach (var run in new[] { @"\ud83d\ude00", @"\uD800", @"\\uDFFF\u0041", @"\u0000\uFFFF", @"\U00e9" })
        {
            Assert.Equal(Reference(run), Decoder.DecodeMultiEscape(run));
        }
    }

    [Fact]
    public void An_agent_built_run_of_175000_escapes_decodes_without_an_object_per_escape()
    {
        var text = string.Concat(Enumerable.Repeat(@"\u0041", 175_000));
        Decoder.DecodeUnicode(text[..600]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var decoded = Decoder.DecodeUnicode(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(new string('A', 175_000), decoded);
        // the run's own match and the result are ~2 MB and ~0.35 MB; a Match and a Group per escape were ~100 MB
        Assert.True(allocated < 12_000_000, $"{allocated:N0} bytes allocated");
    }

    private static string Reference(string run)
    {
        var sb = new StringBuilder();
        foreach (Match m in Escape.Matches(run))
        {
            var value = int.Parse(m.Groups[1].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            sb.Append(Rune.IsValid(value) ? char.ConvertFromUtf32(value) : "\uFFFD");
        }

        return sb.Length == 0 ? run : sb.ToString();
    }
}
