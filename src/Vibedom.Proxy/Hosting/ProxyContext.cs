using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tls;
using Vibedom.Scanning.Redaction;

namespace Vibedom.Proxy.Hosting;

/// <summary>What the connection middleware and the request handler share for one running proxy.</summary>
internal sealed class ProxyContext(
    EgressPolicy policy,
    EgressResolver resolver,
    LeafCertificateCache leaves,
    NetworkLog networkLog,
    TimeProvider timeProvider,
    ILogger logger,
    KnownSecrets? knownSecrets = null)
{
    public EgressPolicy Policy { get; } = policy;

    public EgressResolver Resolver { get; } = resolver;

    public LeafCertificateCache Leaves { get; } = leaves;

    public NetworkLog NetworkLog { get; } = networkLog;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = logger;

    public const string AuditRule = "audit-log";

    private static readonly PolicyDecision AuditRefusal = PolicyDecision.Deny(AuditRule, 503, "network.jsonl cannot be written; egress is refused");

    /// <summary>Refuse egress once the audit log cannot be written (fail closed).</summary>
    public PolicyDecision? AuditFailure => NetworkLog.IsHealthy ? null : AuditRefusal;

    public string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The agent's text as vibedom may record or repeat it: every secret (in any case, encoded, glued) redacted.</summary>
    public string Redact(string text) => RedactRaw(text.ReplaceLineEndings(" "));

    /// <summary>The decision with its reason redacted (the reason names hosts, SNI and Host headers the agent chose).</summary>
    public PolicyDecision Redacted(PolicyDecision decision) =>
        decision.Reason.Length == 0 ? decision : decision with { Reason = Redact(decision.Reason) };

    /// <summary>
    /// Writes and flushes the line of a request about to be forwarded (<see cref="NetworkLogEntry.PhaseForwarding"/>);
    /// null when written, else the refusal to send (the log failed: this request and every later one are refused).
    /// </summary>
    public async Task<PolicyDecision?> AnnounceAsync(DateTimeOffset started, string method, string url, string host, int port, PolicyDecision decision, string tls)
    {
        var entry = Entry(started, method, url, host, port, decision, decision.Reason, 0, 0, 0, 0, tls) with { Phase = NetworkLogEntry.PhaseForwarding };
        return await NetworkLog.WriteAndFlushAsync(entry).ConfigureAwait(false) ? null : AuditRefusal;
    }

    public void Audit(DateTimeOffset started, long startTimestamp, string method, string url, string host, int port, PolicyDecision decision, int status, long bytesOut, long bytesIn, string tls, string? extraReason = null)
    {
        var reason = extraReason is null ? decision.Reason : $"{decision.Reason}; {extraReason}";
        var elapsed = TimeProvider.GetElapsedTime(startTimestamp).TotalMilliseconds;
        NetworkLog.Write(Entry(started, method, url, host, port, decision, reason, status, bytesOut, bytesIn, Math.Round(elapsed, 3), tls));
    }

    /// <summary>The audit line of a request the HTTP server refused before the proxy saw it (too large, malformed).</summary>
    public void AuditRefusedByServer(int status, string problem)
    {
        var refused = PolicyDecision.Deny("bad-request", status, "refused by the HTTP parser: " + problem);
        Audit(TimeProvider.GetUtcNow(), TimeProvider.GetTimestamp(), "-", "-", "-", 0, refused, status, 0, 0, NetworkLogEntry.TlsNone);
    }

    /// <summary>Every text field passes the redactor, together (one pass); a secret split across path segments blanks the path.</summary>
    private NetworkLogEntry Entry(DateTimeOffset started, string method, string url, string host, int port, PolicyDecision decision, string reason, int status, long bytesOut, long bytesIn, double elapsed, string tls)
    {
        var fields = RedactRaw(string.Join('\n', method.ReplaceLineEndings(" "), url.ReplaceLineEndings(" "), host.ReplaceLineEndings(" "), reason.ReplaceLineEndings(" "))).Split('\n');
        var safeUrl = SplitAcrossSegments(fields[1]) ? UrlScrubber.WithoutPath(fields[1]) : fields[1];
        return new NetworkLogEntry(
            Timestamp(started), fields[0], safeUrl, fields[2], port, decision.Allowed, fields[3], status, bytesOut, bytesIn, elapsed, tls, []);
    }

    private string RedactRaw(string text) => Redactor.Default.RedactIgnoringCase(text, knownSecrets);

    /// <summary>True when the redacted URL still spells a secret once its '/' separators are dropped (<c>/AKIA/Q3EG…</c>).</summary>
    private bool SplitAcrossSegments(string redactedUrl)
    {
        var joined = redactedUrl.Replace("/", string.Empty, StringComparison.Ordinal);
        return !string.Equals(RedactRaw(joined), joined, StringComparison.Ordinal);
    }
}
