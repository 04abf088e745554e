using Vibedom.Cli.Rendering;
using Vibedom.Proxy.Logging;
using Xunit;

namespace Vibedom.Cli.Tests.Rendering;

public sealed class NetworkSummaryTests
{
    private static NetworkLogEntry Line(bool allowed, params ScrubbedItem[] scrubbed) =>
        new("2026-01-02T03:04:05.000Z", "POST", "https://api.test/", "api.test", 443, allowed, "r", allowed ? 200 : 403, 0, 0, 1, "intercepted", scrubbed);

    [Fact]
    public void The_summary_counts_requests_denied_and_scrubbed_values_by_rule_most_first()
    {
        var lines = new[]
        {
            Line(true, new ScrubbedItem("email", "body", 1, "aaaaaaaaaaaa"), new ScrubbedItem("aws-access-key-id", "header:x-key", 2, "bbbbbbbbbbbb")),
            Line(false, new ScrubbedItem("aws-access-key-id", "body", 1, "bbbbbbbbbbbb")),
            Line(true),
            Line(true) with { Phase = NetworkLogEntry.PhaseForwarding, Scrubbed = [new ScrubbedItem("email", "body", 9, "cccccccccccc")] },
        };

        Assert.Equal("4 requests, 1 denied, 4 values scrubbed (aws-access-key-id 3, email 1)", NetworkLogTable.Summary(lines));
    }

    [Fact]
    public void A_line_standing_for_repeated_refusals_counts_each_of_them()
    {
        var refused = Line(false);
        var lines = new[] { Line(true), refused, refused with { Timestamp = "2026-01-02T03:04:09.000Z", Repeated = 2700 } };

        Assert.Equal("2702 requests, 2701 denied", NetworkLogTable.Summary(NetworkLogTable.Parse(lines.Select(e => e.ToJson()), out _)));
    }

    [Fact]
    public void An_open_websockets_message_lines_count_their_values_but_are_not_requests_and_a_final_line_replaces_them()
    {
        var socket = Line(true) with { Url = "https://api.test/ws", Method = "GET" };
        var part = socket with { Phase = NetworkLogEntry.PhaseMessages, Scrubbed = [new ScrubbedItem("email", "websocket-text", 2, "aaaaaaaaaaaa")] };
        var open = new[] { socket with { Phase = NetworkLogEntry.PhaseForwarding }, part, part };
        var closed = open.Append(socket with { Scrubbed = [new ScrubbedItem("email", "websocket-text", 4, "aaaaaaaaaaaa")] }).ToArray();

        Assert.Equal("1 requests, 0 denied, 4 values scrubbed (email 4)", NetworkLogTable.Summary(open));
        var rows = NetworkLogTable.Parse(closed.Select(e => e.ToJson()), out _);
        Assert.Null(Assert.Single(rows).Phase);
        Assert.Equal("1 requests, 0 denied, 4 values scrubbed (email 4)", NetworkLogTable.Summary(rows));
        Assert.Single(NetworkLogTable.Build(NetworkLogTable.Parse(open.Select(e => e.ToJson()), out _)).Rows);
    }

    [Fact]
    public void Without_scrubs_the_summary_is_requests_and_denied()
    {
        Assert.Equal("1 requests, 0 denied", NetworkLogTable.Summary([Line(true)]));
    }
}
