using Microsoft.Extensions.Logging.Abstractions;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Proxy.WebSockets;
using Vibedom.Scanning;
using Vibedom.Scanning.Dlp;
using Xunit;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>The relay's memory bounds: places held until a relay ends, and the findings kept per connection.</summary>
public sealed class WebSocketSlotsAndFindingsTests
{
    [Fact]
    public async Task A_connection_made_to_yield_keeps_its_place_until_its_relay_has_ended()
    {
        var slots = new WebSocketSlots(1, TimeSpan.Zero, TimeSpan.FromMilliseconds(300));
        var (first, _) = await slots.TakeAsync(TestContext.Current.CancellationToken);

        var (refused, yielded) = await slots.TakeAsync(TestContext.Current.CancellationToken);

        Assert.Null(refused); // the yielding one has not ended: still counted
        Assert.True(yielded);
        Assert.True(first!.Evicted);

        var waiting = slots.TakeAsync(TestContext.Current.CancellationToken);
        slots.Release(first);
        var (second, _) = await waiting;
        Assert.NotNull(second);
    }

    [Fact]
    public void Distinct_findings_past_the_cap_are_counted_as_one_more_note()
    {
        var engines = DlpEngines.Create(DlpSettings.Default, CompiledRules.Defaults, []);
        var exchange = new StageHarness().Request("GET", "https://upstream.test/ws", webSocket: true);
        var findings = new WebSocketFindings(exchange, engines, NullLogger.Instance);
        var extra = 7;
        for (var i = 0; i < WebSocketFindings.MaxDistinct + extra; i++)
        {
            _ = findings.Add([("websocket-response-text", [new DlpHit("generic", DlpClass.Secret, false, $"h{i}", 1)])], response: true);
        }

        findings.Flush();

        Assert.Equal(WebSocketFindings.MaxDistinct, exchange.Scrubbed.Count);
        Assert.Contains($"+{extra} more finding(s)", exchange.Notes, StringComparison.Ordinal);
    }
}
