using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>The hand-written encodings scanner finds exactly what gitleaks' encodings regex finds, kind and range.</summary>
public sealed class EncodingScannerTests
{
    // gitleaks detect/codec/encodings.go, as the decoder ran it before the scanner replaced it
    private static readonly Re2Regex Reference = new(
        @"(?P<percent>%[0-9A-Fa-f]{2}(?:.*%[0-9A-Fa-f]{2})?)" +
        @"|(?P<unicode>(?:(?:U\+[a-fA-F0-9]{4}(?:\s|$))+|(?i)(?:\\{1,2}u[a-fA-F0-9]{4})+))" +
        @"|(?P<hex>[0-9A-Fa-f]{32,})" +
        @"|(?P<base64>[\w\/+-]{16,}={0,2})");

    private static readonly EncodingKinds[] Kinds = [EncodingKinds.Percent, EncodingKinds.Unicode, EncodingKinds.Hex, EncodingKinds.Base64];

    private static readonly string[] Pieces =
    [
        "%", "%4a", "%2D", "%zz", "\\", "\\\\", "\\u00e9", "\\U00E9", "\\\\u0041", "\\\\\\u0041", "u", "U", "U+", "U+00E9", "U+00e9 ",
        "U+0041\n", "+", "/", "-", "_", "=", "==", "===", " ", "\n", "\t", "\f", "\r", "\v", "é", "×", "a", "Z", "0", "9", "f", "F", "g",
        "deadbeef", "0123456789abcdef", "QUtJQUlPU0ZPRE5ON0VYQU1QTEU", "abcdefghijklmnop", "\"", "'", ":", ".",
    ];

    private static List<(EncodingKinds, TextRange)> ByRegex(string text)
    {
        var result = new List<(EncodingKinds, TextRange)>();
        var regex = Reference.Select(text, null, out var input);
        for (var m = regex.Match(input); m.Success; m = m.NextMatch())
        {
            // .NET's non-backtracking engine sometimes reports a "U+XXXX" match with no group (as in "=9U+0041\n"); RE2
            // reports it as unicode. The decoder used to drop such a match: the scanner decodes it, as gitleaks does.
            var kind = EncodingKinds.Unicode;
            for (var g = 1; g <= Kinds.Length; g++)
            {
                if (m.Groups[g].Success)
                {
                    kind = Kinds[g - 1];
                }
            }

            result.Add((kind, new TextRange(m.Index, m.Index + m.Length)));
        }

        return result;
    }

    private static List<(EncodingKinds, TextRange)> ByScanner(string text)
    {
        var result = new List<(EncodingKinds Kind, TextRange Range)>();
        EncodingScanner.FindAll(text, result);
        return result.ConvertAll(m => (m.Kind, m.Range));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain words only")]
    [InlineData("a %41%42 b %43\nnext %44 line")]
    [InlineData("id 0123456789abcdef0123456789abcdefXYZ and more")]
    [InlineData("U+0041 U+0042\tU+0043")]
    [InlineData("abcU+0041 short")]
    [InlineData("\\\\\\u0041\\u0042x")]
    [InlineData("dG9rZW4tdmFsdWUtZm9yLXRlc3Q== tail")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("=9U+0041\n")]
    public void Scanner_finds_the_regex_matches_on_known_shapes(string text) =>
        Assert.Equal(ByRegex(text), ByScanner(text));

    [Fact]
    public void A_token_written_as_code_points_at_the_end_of_the_text_is_decoded_and_found()
    {
        // .NET's engine matched this run but reported no group, so the decoder used to skip it (RE2 reports unicode)
        var text = "build " + string.Join(' ', TestSecrets.GitHubPat.Select(c => $"U+{(int)c:X4}")) + "\n";

        var found = new Detector(RuleLoader.LoadDefault()).Detect(text);

        Assert.Contains(found, m => m.RuleId == "github-pat" && m.Tags.Contains("decoded:unicode"));
    }

    private static readonly string[] Words =
    [
        "the", "refactor", "function", "Program", "\\n", "\\\"", "    ", ". ", ", ", "(85,37)", "x+y", "a/b", "max_tokens", "é", "\u2028",
        "snake_case_name", "0123", "2026-12-03", "U+", "+U", "%", "\\", "\\u00e9", "U+0041 ", "0123456789abcdef", "abcdefghijklmno",
        "QUtJQUlPU0ZPRE5ON0VYQU1QTEU", "=", "\n", " ",
    ];

    [Fact]
    public void Scanner_finds_the_regex_matches_on_long_generated_text()
    {
        // long enough for the scan's 16-chars-a-step skip over plain words, with what it must stop at spread among them
        var random = new Random(22);
        for (var n = 0; n < 1500; n++)
        {
            var builder = new StringBuilder();
            var plain = random.Next(2, 30); // mostly plain words: how often a rare piece comes
            while (builder.Length < 400)
            {
                builder.Append(random.Next(plain) == 0 ? Pieces[random.Next(Pieces.Length)] : Words[random.Next(Words.Length)]);
                builder.Append(random.Next(3) == 0 ? string.Empty : " ");
            }

            var text = builder.ToString();
            Assert.True(ByRegex(text).SequenceEqual(ByScanner(text)), $"differs on: {text}: {string.Join(",", ByRegex(text))} vs {string.Join(",", ByScanner(text))}");
        }
    }

    [Fact]
    public void Scanner_finds_the_regex_matches_on_generated_text()
    {
        var random = new Random(14);
        for (var n = 0; n < 3000; n++)
        {
            var builder = new StringBuilder();
            var count = random.Next(1, 40);
            for (var i = 0; i < count; i++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var text = builder.ToString();
            Assert.True(ByRegex(text).SequenceEqual(ByScanner(text)), $"differs on: {string.Join(" ", text.Select(c => ((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture)))}: {string.Join(",", ByRegex(text))} vs {string.Join(",", ByScanner(text))}");
        }
    }
}
