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
    private readonly RedactionMemo _memo = new();

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
        var fields = RedactFields(target.Method, target.Url, target.Host, reason);
        var entry = new NetworkLogEntry(
            Timestamp(exchange.Started),
            fields.Method,
            fields.Url,
            fields.Host,
            target.Port,
            decision.Allowed,
            fields.Reason,
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

    /// <summary>
    /// Every text field through the redactor, together (one pass); a secret split across path segments blanks the
    /// path. A value found across the newline between two fields (a run of <c>U+XXXX</c> code points ends at any
    /// whitespace, the newline after the URL too) takes that newline with it: then each field is redacted alone and
    /// the path is blanked (such a value starts in the URL: the method and host hold no whitespace). The same text
    /// under the same rules and known values was redacted before: its result is reused.
    /// </summary>
    private RedactedFields RedactFields(string method, string url, string host, string reason)
    {
        var text = string.Join('\n', method.ReplaceLineEndings(" "), url.ReplaceLineEndings(" "), host.ReplaceLineEndings(" "), reason.ReplaceLineEndings(" "));
        var redactor = Redactor.Default;
        var knownCount = knownSecrets?.Count ?? 0; // before redacting: a value added meanwhile makes this entry stale, never wrong
        if (_memo.Find(text, redactor, knownCount) is { } remembered)
        {
            return remembered;
        }

        var parts = RedactRaw(text).Split('\n');
        var fields = parts.Length == 4
            ? new RedactedFields(parts[0], SplitAcrossSegments(parts[1]) ? UrlScrubber.WithoutPath(parts[1]) : parts[1], parts[2], parts[3])
            : new RedactedFields(Redact(method), UrlScrubber.WithoutPath(Redact(url)), Redact(host), Redact(reason));
        _memo.Remember(text, redactor, knownCount, fields);
        return fields;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string RedactRaw(string text) => Redactor.Default.RedactIgnoringCase(text, knownSecrets);

    /// <summary>True when the redacted URL still spells a secret once its '/' separators are dropped (<c>/AKIA/Q3EG…</c>).</summary>
    private bool SplitAcrossSegments(string redactedUrl)
    {
        var joined = redactedUrl.Replace("/", string.Empty, StringComparison.Ordinal);
        return !string.Equals(RedactRaw(joined), joined, StringComparison.Ordinal);
    }
}
