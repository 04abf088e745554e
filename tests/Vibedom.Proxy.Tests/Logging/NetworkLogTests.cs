using Microsoft.Extensions.Logging.Abstractions;
using Vibedom.Proxy.Logging;
using Xunit;

namespace Vibedom.Proxy.Tests.Logging;

public sealed class NetworkLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vibedom-networklog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Each_line_in_the_file_is_the_serializer_json_of_its_entry_byte_for_byte_in_the_order_written()
    {
        var path = Path.Combine(_dir, "network.jsonl");
        var log = new NetworkLog(path, NullLogger.Instance);
        NetworkLogEntry[] entries =
        [
            Entry("https://a.test/é?q=[REDACTED]", "allowlist: a.test <&+> \"quoted\" \\ tab\there \u2028 \u0001"),
            Entry("http://b.test/", "answered") with { Phase = NetworkLogEntry.PhaseForwarding },
            Entry("https://c.test/" + new string('x', 300_000), "a line far longer than the writer's first buffer")
                with { Scrubbed = [new ScrubbedItem("aws-access-key-id", "body", 2, "0123456789ab")] },
            Entry("https://d.test/after", "after the long line") with { DurationMs = 123.456, BytesIn = long.MaxValue, Status = 0, Allowed = false },
            Entry("https://e.test/", "one item") with { Scrubbed = [new ScrubbedItem("email", "header x-é", 1, "abcdefabcdef")], Phase = NetworkLogEntry.PhaseMessages },
            Entry("http://f.test/", "refused again and again") with { Allowed = false, Status = 403, Repeated = 12 },
        ];

        Assert.True(log.Write(entries[0]));
        Assert.True(await log.WriteAndFlushAsync(entries[1]));
        Assert.True(log.Write(entries[2]));
        Assert.True(log.Write(entries[3]));
        Assert.True(log.Write(entries[4]));
        Assert.True(log.Write(entries[5]));
        await log.DisposeAsync();

        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(entries.Select(e => e.ToJson()), lines);
        Assert.EndsWith("\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(lines, lines.Select(l => NetworkLogEntry.TryParse(l)!.ToJson()));
    }

    private static NetworkLogEntry Entry(string url, string reason) =>
        new("2026-12-03T08:00:00.000Z", "GET", url, "a.test", 443, true, reason, 200, 5, 12, 1.25, NetworkLogEntry.TlsIntercepted, []);
}
