using System.Text;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Dlp.Pii;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// The number-shaped PII scans step over plain text 16 chars at a time: on long generated text they find what the
/// char-by-char definitions find (digit runs: a regex; IBAN candidates: the candidate's shape checked at every char).
/// </summary>
public sealed class PiiSkipTests
{
    private static readonly string[] Pieces =
    [
        "the", "refactor", "max_tokens", " ", " ", "\\n", "-", "--", " - ", "4096", "0.125", "12345678", "1234 5678", "1-2-3-4-5-6-7-8",
        "415-555-2671", "4111 1111 1111 1111", "4111111111111111", "123-45-6789", "2026-12-03", "3f2a9c0d1e4b5a69788f0e1d2c3b4a5968778695",
        "0f8fad5b-d9cb-469f-a165-70867728950e", "GB82WEST12345698765432", "gb42nawi04454264788619", "DE89 3704 0044 0532 0130 00", "AB12",
        "ab12 ", "x9", "é", "٣", "\uFF10", "Passed 124, Failed 2", "(85,37)", "\"", "{", "12", "7", "99 99", "GB8", "DE89",
    ];

    private static readonly Regex RunShape = new("[0-9]+(?:[ -][0-9]+)*", RegexOptions.CultureInvariant);

    private static IEnumerable<string> Texts(int seed, int count)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var builder = new StringBuilder();
            var length = random.Next(40, 600);
            while (builder.Length < length)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
                builder.Append(random.Next(4) == 0 ? string.Empty : " ");
            }

            yield return builder.ToString();
        }
    }

    [Fact]
    public void Digit_runs_are_the_runs_a_regex_finds_on_long_generated_text()
    {
        foreach (var text in Texts(22, 2000))
        {
            var expected = RunShape.Matches(text)
                .Where(m => m.Value.Count(char.IsAsciiDigit) >= DigitRun.MinimumDigits && m.Length <= 64)
                .Select(m => (m.Index, m.Index + m.Length)).ToList();

            var found = DigitRun.All(text).Select(r => (r.Start, r.End)).ToList();

            Assert.True(expected.SequenceEqual(found), $"differs on: {text}");
        }
    }

    [Fact]
    public void The_iban_skip_passes_over_no_candidate_on_long_generated_text()
    {
        static bool IsCandidateThird(string t, int p) =>
            p >= 2 && p + 1 < t.Length && char.IsAsciiDigit(t[p]) && char.IsAsciiDigit(t[p + 1]) && char.IsAsciiLetter(t[p - 1])
            && char.IsAsciiLetter(t[p - 2]) && (p == 2 || !char.IsAsciiLetterOrDigit(t[p - 3]));

        foreach (var text in Texts(23, 2000))
        {
            for (var d = 3; d < text.Length; d++)
            {
                if (char.IsAsciiLetterOrDigit(text[d - 1]))
                {
                    continue; // the scan calls it only at the end of a run
                }

                var landed = IbanDetector.SkipToCandidate(text, d);
                Assert.InRange(landed, d, text.Length);
                for (var p = d; p < landed; p++)
                {
                    Assert.False(IsCandidateThird(text, p), $"skipped a candidate at {p} (from {d}) in: {text}");
                }
            }
        }
    }

    [Fact]
    public void Every_iban_placed_in_long_generated_text_is_found()
    {
        var detector = new IbanDetector();
        var random = new Random(24);
        string[] ibans = ["GB82WEST12345698765432", "gb42nawi04454264788619", "DE89 3704 0044 0532 0130 00", "FR1420041010050500013M02606"];
        foreach (var text in Texts(25, 1000))
        {
            var iban = ibans[random.Next(ibans.Length)];
            var at = random.Next(text.Length);
            while (at > 0 && char.IsAsciiLetterOrDigit(text[at - 1]))
            {
                at--;
            }

            var placed = text[..at] + " " + iban + " " + text[at..];
            var found = new List<(int Start, int End)>();
            detector.Find(new PiiInput(placed), found);

            Assert.Contains((at + 1, at + 1 + iban.Length), found);
        }
    }
}
