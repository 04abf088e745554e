using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vibedom.Proxy.Logging;
using Xunit;

namespace Vibedom.Proxy.Tests.Logging;

public sealed class NetworkLogRepeatsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vibedom-networklog-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Write_identical_refusals_in_a_row_are_one_line_then_one_with_their_count_before_the_next_line()
    {
        var path = Path.Combine(_dir, "network.jsonl");
        var log = new NetworkLog(path, NullLogger.Instance, time: _time);

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(log.Write(Refusal("http://denied.test/loop", $"08:00:00.{i % 1000:000}")));
        }

        Assert.True(log.Write(Refusal("http://denied.test/other", "08:00:01.000")));
        Assert.True(await log.WriteAndFlushAsync(Refusal("http://a.test/", "08:00:02.000") with { Allowed = true, Phase = NetworkLogEntry.PhaseForwarding }));
        Assert.True(log.Write(Refusal("http://denied.test/other", "08:00:03.000")));
        await log.DisposeAsync();

        var lines = File.ReadAllLines(path).Select(l => NetworkLogEntry.TryParse(l)!).ToList();
        Assert.Equal(
            [("http://denied.test/loop", "2026-12-03T08:00:00.000Z", (int?)null), ("http://denied.test/loop", "2026-12-03T08:00:00.999Z", 999),
             ("http://denied.test/other", "2026-12-03T08:00:01.000Z", null), ("http://a.test/", "2026-12-03T08:00:02.000Z", null),
             ("http://denied.test/other", "2026-12-03T08:00:03.000Z", null)],
            lines.Select(l => (l.Url, l.Timestamp, l.Repeated)));
    }

    [Fact]
    public async Task Write_repeats_fold_for_ten_seconds_at_most_and_the_count_is_written_at_close()
    {
        var path = Path.Combine(_dir, "network.jsonl");
        var log = new NetworkLog(path, NullLogger.Instance, time: _time);

        for (var i = 0; i < 25; i++)
        {
            Assert.True(log.Write(Refusal("http://denied.test/loop", $"08:00:{i:00}.000")));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await log.DisposeAsync();

        var lines = File.ReadAllLines(path).Select(l => NetworkLogEntry.TryParse(l)!).ToList();
        Assert.Equal(
            [("08:00:00", (int?)null), ("08:00:09", 9), ("08:00:10", null), ("08:00:19", 9), ("08:00:20", null), ("08:00:24", 4)],
            lines.Select(l => (l.Timestamp[11..19], l.Repeated)));
        Assert.Equal(25, lines.Sum(l => l.Repeated ?? 1));
    }

    [Fact]
    public async Task Write_a_forwarded_or_scrubbed_or_different_line_is_never_folded()
    {
        var path = Path.Combine(_dir, "network.jsonl");
        var log = new NetworkLog(path, NullLogger.Instance, time: _time);
        var refusal = Refusal("http://denied.test/", "08:00:00.000");

        Assert.True(log.Write(refusal));
        Assert.True(log.Write(refusal with { Reason = "another reason" }));
        Assert.True(log.Write(refusal with { Reason = "another reason", Scrubbed = [new ScrubbedItem("email", "url", 1, "abcdefabcdef")] }));
        Assert.True(log.Write(refusal, forwarded: true));
        Assert.True(log.Write(refusal, forwarded: true));
        await log.DisposeAsync();

        Assert.Equal(5, File.ReadAllLines(path).Length);
        Assert.DoesNotContain("repeated", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static NetworkLogEntry Refusal(string url, string time) =>
        new($"2026-12-03T{time}Z", "GET", url, "denied.test", 80, false, "denied.test is not in trusted_domains.txt", 403, 0, 0, 0.2, NetworkLogEntry.TlsNone, []);
}
