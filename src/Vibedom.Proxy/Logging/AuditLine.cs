using System.Globalization;
using Vibedom.Proxy.Exchanges;
using Vibedom.Scanning.Redaction;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// Builds an exchange's <c>network.jsonl</c> line, and the proxy's one redaction of the agent's text: every field
/// vibedom records or answers passes <see cref="Redactor"/> (rules, case-insensitive, known values).
/// </summary>
internal sealed class AuditLine(KnownSecrets? knownSecrets, TimeProvider timeProvider)
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The agent's text as vibedom may record or repeat it: every secret (in any case, encoded, glued) redacted.</summary>
    public string Redact(string text) => RedactRaw(text.ReplaceLineEndings(" "));

    /// <summary>
    /// The line of <paramref name="exchange"/>: when <paramref name="forwarding"/>, the one written before it is
    /// forwarded (<see cref="NetworkLogEntry.PhaseForwarding"/>, status 0, no counts); else its final line, the
    /// reason followed by its notes.
    /// </summary>
    public NetworkLogEntry Entry(Exchange exchange, bool forwarding)
    {
        var target = exchange.Target;
        var decision = exchange.Decision;
        var reason = forwarding || exchange.Notes is not { } notes ? decision.Reason : $"{decision.Reason}; {notes}";
        // every text field passes the redactor, together (one pass); a secret split across path segments blanks the path
        var fields = RedactRaw(string.Join('\n', target.Method.ReplaceLineEndings(" "), target.Url.ReplaceLineEndings(" "), target.Host.ReplaceLineEndings(" "), reason.ReplaceLineEndings(" "))).Split('\n');
        var safeUrl = SplitAcrossSegments(fields[1]) ? UrlScrubber.WithoutPath(fields[1]) : fields[1];
        var entry = new NetworkLogEntry(
            Timestamp(exchange.Started),
            fields[0],
            safeUrl,
            fields[2],
            target.Port,
            decision.Allowed,
            fields[3],
            forwarding ? 0 : exchange.Status,
            forwarding ? 0 : exchange.BytesOut,
            forwarding ? 0 : exchange.BytesIn,
            forwarding ? 0 : Math.Round(TimeProvider.GetElapsedTime(exchange.StartTimestamp).TotalMilliseconds, 3),
            exchange.Tls,
            exchange.Scrubbed);
        return forwarding ? entry with { Phase = NetworkLogEntry.PhaseForwarding } : entry;
    }

    /// <summary>
    /// A line for part of <paramref name="exchange"/> while it is open (<see cref="NetworkLogEntry.PhaseMessages"/>):
    /// its decision's reason and <paramref name="note"/> (redacted), <paramref name="scrubbed"/>, the bytes so far.
    /// </summary>
    public NetworkLogEntry Part(Exchange exchange, string note, IReadOnlyList<ScrubbedItem> scrubbed) =>
        Entry(exchange, forwarding: false) with
        {
            Reason = Redact($"{exchange.Decision.Reason}; {note}"),
            Scrubbed = scrubbed,
            Phase = NetworkLogEntry.PhaseMessages,
        };

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string RedactRaw(string text) => Redactor.Default.RedactIgnoringCase(text, knownSecrets);

    /// <summary>True when the redacted URL still spells a secret once its '/' separators are dropped (<c>/AKIA/Q3EG…</c>).</summary>
    private bool SplitAcrossSegments(string redactedUrl)
    {
        var joined = redactedUrl.Replace("/", string.Empty, StringComparison.Ordinal);
        return !string.Equals(RedactRaw(joined), joined, StringComparison.Ordinal);
    }
}
