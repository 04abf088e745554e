using Microsoft.Extensions.Logging.Abstractions;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Xunit;

namespace Vibedom.Proxy.Tests.Logging;

public sealed class NetworkLogLimitUnitTests : IDisposable
{
    private const long Limit = 64 * 1024;

    private readonly string _dir = Directory.CreateTempSubdirectory("vibedom-networklog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Write_past_seven_eighths_refuses_new_exchanges_and_keeps_the_rest_for_those_forwarded()
    {
        var path = Path.Combine(_dir, "network.jsonl");
        var log = new NetworkLog(path, NullLogger.Instance, Limit);
        var line = Entry(new string('a', 1000));
        var written = 0;
        while (written < 1000 && await log.WriteAndFlushAsync(line)) // bounded: a log without the limit must not fill the disk
        {
            written++;
        }

        Assert.Equal(AuditLogStage.FullRule, log.Refusal?.Rule);
        Assert.False(log.IsHealthy);
        var admitted = new FileInfo(path).Length;
        Assert.InRange(admitted, (Limit * 7 / 8) + 1, (Limit * 7 / 8) + 2048);
        Assert.False(log.Write(line)); // a refusal: not written
        var forwarded = 0;
        while (forwarded < 1000 && log.Write(line, forwarded: true))
        {
            forwarded++;
        }

        Assert.InRange(forwarded, 5, 8); // the last eighth, 8 KiB, in lines of about 1.2 KiB
        Assert.InRange(new FileInfo(path).Length, Limit, Limit + 1300);
        await log.DisposeAsync();

        var lines = File.ReadAllLines(path);
        Assert.Equal(written + forwarded + 1, lines.Length); // no closing count: the limit was reached
        Assert.StartsWith("network.jsonl reached its limit of 64 KiB", NetworkLogEntry.TryParse(lines[written])!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_a_log_already_past_its_bound_counts_what_it_holds()
    {
        var path = Path.Combine(_dir, "network.jsonl");
        await File.WriteAllTextAsync(path, new string('x', (int)Limit) + "\n", TestContext.Current.CancellationToken);
        var log = new NetworkLog(path, NullLogger.Instance, Limit);

        Assert.Equal(AuditLogStage.FullRule, log.Refusal?.Rule);
        Assert.False(await log.WriteAndFlushAsync(Entry("/")));
        Assert.False(log.Write(Entry("/"), forwarded: true));
        await log.DisposeAsync();
        Assert.Equal(Limit + 1, new FileInfo(path).Length);
    }

    private static NetworkLogEntry Entry(string path) =>
        new("2026-12-03T08:00:00.000Z", "GET", "https://a.test/" + path, "a.test", 443, true, "allowlist: a.test", 200, 5, 12, 1.25, NetworkLogEntry.TlsIntercepted, []);
}
