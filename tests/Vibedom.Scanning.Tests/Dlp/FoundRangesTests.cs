using Vibedom.Scanning.Dlp;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>The indexed covering question answers as comparing with every range found does.</summary>
public sealed class FoundRangesTests
{
    [Fact]
    public void Covers_answers_as_a_comparison_with_every_range_on_random_ranges()
    {
        var random = new Random(22);
        for (var round = 0; round < 200; round++)
        {
            var found = new List<DlpMatch>();
            for (var i = random.Next(0, 40); i > 0; i--)
            {
                var start = random.Next(0, 100);
                found.Add(new DlpMatch(random.Next(2) == 0 ? "email" : "iban", DlpClass.Pii, false, start, start + random.Next(1, 20), "000000000000"));
            }

            var counted = random.Next(0, found.Count + 1);
            var ranges = new FoundRanges(found, counted);
            for (var q = 0; q < 200; q++)
            {
                var rule = random.Next(3) switch { 0 => "email", 1 => "iban", _ => "other" };
                var start = random.Next(0, 120);
                var end = start + random.Next(1, 20);
                var expected = found.Take(counted).Any(m => m.RuleId == rule && m.Start <= start && end <= m.End);

                Assert.True(expected == ranges.Covers(rule, start, end), $"round {round}: {rule} [{start}, {end})");
            }
        }
    }
}
