using System.Globalization;
using Vibedom.Proxy.Logging;
using Xunit;

namespace Vibedom.Proxy.Tests.Logging;

/// <summary>The audit line's timestamp, written digit by digit, is the ISO-8601 UTC form the format string gave.</summary>
public sealed class AuditTimestampTests
{
    public static TheoryData<DateTimeOffset> Instants() =>
    [
        new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 3, 13, 7, 5, 42, TimeSpan.Zero).AddTicks(9_999),
        new DateTimeOffset(2026, 1, 1, 0, 30, 0, 7, TimeSpan.FromHours(5.5)), // the day before in UTC
        new DateTimeOffset(2027, 2, 28, 22, 0, 0, 100, TimeSpan.FromHours(-3)), // March 1st in UTC
    ];

    [Theory]
    [MemberData(nameof(Instants))]
    public void Timestamp_AnyInstant_IsItsUtcFormOfTwentyFourChars(DateTimeOffset at)
    {
        var expected = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        Assert.Equal(expected, AuditLine.Timestamp(at));
    }

    [Fact]
    public void Timestamp_EveryMillisecondOfASecondAndEveryHourOfADay_MatchesTheFormat()
    {
        var start = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 1000; i++)
        {
            var at = start.AddMilliseconds(i).AddHours(i % 24).AddMinutes(i % 60).AddSeconds(i % 60);
            Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), AuditLine.Timestamp(at));
        }
    }
}
