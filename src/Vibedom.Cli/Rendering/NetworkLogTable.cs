using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vibedom.Proxy.Logging;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Renders <c>network.jsonl</c> lines for <c>vibedom logs --network</c>: a table for a whole
/// file, one row-like line per entry for <c>--follow</c>. Lines that are not entries are
/// counted, never shown raw.
/// </summary>
internal static class NetworkLogTable
{
    private const int UrlWidth = 60;

    /// <summary>Parses lines (blank lines ignored); <paramref name="skipped"/> counts the unreadable ones.</summary>
    public static IReadOnlyList<NetworkLogEntry> Parse(IEnumerable<string> lines, out int skipped)
    {
        var entries = new List<NetworkLogEntry>();
        skipped = 0;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (NetworkLogEntry.TryParse(line) is { } entry)
            {
                entries.Add(entry);
            }
            else
            {
                skipped++;
            }
        }

        // a request's line written before forwarding, and an open WebSocket's message lines, are kept only while
        // the exchange has no final line (the final line holds the totals)
        var finished = entries.Where(e => e.Phase is null).Select(Key).ToHashSet();
        return entries.Where(e => e.Phase is null || !finished.Contains(Key(e))).ToList();
    }

    /// <summary>True for a line about an open exchange's messages (it is not a request of its own).</summary>
    private static bool IsMessages(NetworkLogEntry e) => e.Phase == NetworkLogEntry.PhaseMessages;

    private static (string, string, string, int) Key(NetworkLogEntry e) => (e.Timestamp, e.Method, e.Url, e.Port);

    public static Table Build(IEnumerable<NetworkLogEntry> entries)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("time")
            .AddColumn("method")
            .AddColumn("url")
            .AddColumn(new TableColumn("status").RightAligned())
            .AddColumn("verdict")
            .AddColumn(new TableColumn("out").RightAligned())
            .AddColumn(new TableColumn("in").RightAligned())
            .AddColumn(new TableColumn("ms").RightAligned())
            .AddColumn("tls")
            .AddColumn("reason");
        foreach (var entry in entries.Where(e => !IsMessages(e)))
        {
            table.AddRow(Cells(entry));
        }

        return table;
    }

    /// <summary>Writes the table (or a one-line note when empty) for the given raw lines.</summary>
    public static void Write(IAnsiConsole console, IEnumerable<string> lines)
    {
        var entries = Parse(lines, out var skipped);
        if (entries.Count == 0)
        {
            console.MarkupLine("[grey]no network requests logged[/]");
        }
        else
        {
            console.Write(Build(entries));
            console.MarkupLine("[grey]" + TerminalText.Markup(Summary(entries)) + "[/]");
        }

        if (skipped > 0)
        {
            console.MarkupLine(CultureInfo.InvariantCulture, "[yellow]{0} unreadable lines skipped[/]", skipped);
        }
    }

    /// <summary>
    /// The session's summary: <c>12 requests, 1 denied, 3 values scrubbed (aws-access-token 2, email 1)</c>; rules by
    /// count, most first (what DLP found, never a value). Values are counted from final lines, and from the message
    /// lines of a WebSocket still open (no final line yet); message lines are not requests.
    /// </summary>
    public static string Summary(IReadOnlyList<NetworkLogEntry> entries)
    {
        var requests = entries.Where(e => !IsMessages(e)).ToList();
        var denied = requests.Where(e => !e.Allowed).Sum(e => e.Repeated ?? 1); // a line may stand for identical refusals
        var text = string.Create(CultureInfo.InvariantCulture, $"{requests.Sum(e => e.Repeated ?? 1)} requests, {denied} denied");
        var finished = entries.Where(e => e.Phase is null).Select(Key).ToHashSet();
        var byRule = entries.Where(e => e.Phase is null || (IsMessages(e) && !finished.Contains(Key(e)))).SelectMany(e => e.Scrubbed)
            .GroupBy(s => s.Rule, StringComparer.Ordinal)
            .Select(g => (Rule: g.Key, Count: g.Sum(s => s.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Rule, StringComparer.Ordinal)
            .ToList();
        return byRule.Count == 0
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text}, {byRule.Sum(r => r.Count)} values scrubbed ({string.Join(", ", byRule.Select(r => $"{r.Rule} {r.Count}"))})");
    }

    /// <summary>One line per entry, for <c>--follow</c>.</summary>
    public static IRenderable FollowLine(NetworkLogEntry entry)
    {
        var verdict = entry.Allowed ? "[green]allowed[/]" : "[red]denied[/] ";
        return new Markup(string.Create(CultureInfo.InvariantCulture,
            $"{TerminalText.Markup(Time(entry.Timestamp))} {verdict} {entry.Status,3} {TerminalText.Markup(entry.Method),-7} {TerminalText.Markup(entry.Url)} [grey]{TerminalText.Markup(entry.Reason)}[/]"));
    }

    private static IRenderable[] Cells(NetworkLogEntry entry) =>
    [
        new Text(TerminalText.Escape(Time(entry.Timestamp))),
        new Text(TerminalText.Escape(entry.Method)),
        new Text(Shorten(TerminalText.Escape(entry.Url), UrlWidth)),
        new Text(entry.Status.ToString(CultureInfo.InvariantCulture)),
        entry.Allowed ? new Markup("[green]allowed[/]") : new Markup("[red]denied[/]"),
        new Text(Bytes(entry.BytesOut)),
        new Text(Bytes(entry.BytesIn)),
        new Text(entry.DurationMs.ToString("0", CultureInfo.InvariantCulture)),
        new Text(TerminalText.Escape(entry.Tls)),
        new Text(TerminalText.Escape(entry.Scrubbed.Count == 0 ? entry.Reason : $"{entry.Reason} (scrubbed {entry.Scrubbed.Sum(s => s.Count)})")),
    ];

    private static string Time(string timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : timestamp;

    private static string Shorten(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture),
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + "M",
    };
}
