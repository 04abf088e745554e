using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tls;

namespace Vibedom.Proxy.Hosting;

/// <summary>What the connection middleware and the request handler share for one running proxy.</summary>
internal sealed class ProxyContext(
    EgressPolicy policy,
    EgressResolver resolver,
    LeafCertificateCache leaves,
    NetworkLog networkLog,
    TimeProvider timeProvider,
    ILogger logger)
{
    public EgressPolicy Policy { get; } = policy;

    public EgressResolver Resolver { get; } = resolver;

    public LeafCertificateCache Leaves { get; } = leaves;

    public NetworkLog NetworkLog { get; } = networkLog;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = logger;

    public const string AuditRule = "audit-log";

    /// <summary>Refuse egress once the audit log cannot be written (fail closed).</summary>
    public PolicyDecision? AuditFailure => NetworkLog.IsHealthy
        ? null
        : PolicyDecision.Deny(AuditRule, 503, "network.jsonl cannot be written; egress is refused");

    public string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public void Audit(DateTimeOffset started, long startTimestamp, string method, string url, string host, int port, PolicyDecision decision, int status, long bytesOut, long bytesIn, string tls, string? extraReason = null)
    {
        var reason = extraReason is null ? decision.Reason : $"{decision.Reason}; {extraReason}";
        var elapsed = TimeProvider.GetElapsedTime(startTimestamp).TotalMilliseconds;
        NetworkLog.Write(new NetworkLogEntry(
            Timestamp(started), method, url, host, port, decision.Allowed, reason, status, bytesOut, bytesIn,
            Math.Round(elapsed, 3), tls, []));
    }
}
