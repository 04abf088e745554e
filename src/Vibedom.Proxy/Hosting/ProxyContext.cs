using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tls;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// What the connection middleware and the request handler share for one running proxy; it records every
/// exchange in <c>network.jsonl</c>.
/// </summary>
internal sealed class ProxyContext(
    TransformPipeline transforms,
    EgressResolver resolver,
    LeafCertificateCache leaves,
    NetworkLog networkLog,
    AuditLine lines,
    ILogger logger) : IExchangeLog
{
    private static readonly ExchangeTarget RefusedByServer = new("-", "-", 0, "-");

    public TransformPipeline Transforms { get; } = transforms;

    public EgressResolver Resolver { get; } = resolver;

    public LeafCertificateCache Leaves { get; } = leaves;

    public NetworkLog NetworkLog { get; } = networkLog;

    public TimeProvider TimeProvider => lines.TimeProvider;

    public ILogger Logger { get; } = logger;

    /// <summary>The bound on connections and requests open at once (<c>[limits] connections</c>).</summary>
    public required OpenLimit Open { get; init; }

    /// <summary>The session's SSH known_hosts: raw tunnels that speak SSH must show a host key listed there (null: no check).</summary>
    public string? SshKnownHostsPath { get; init; }

    /// <summary>Relays allowed WebSocket upgrades (<c>[dlp] websockets = "relay"</c>); null when they are refused.</summary>
    public WebSockets.WebSocketRelay? WebSockets { get; init; }

    /// <summary>The agent's text as vibedom may record or repeat it: every secret (in any case, encoded, glued) redacted.</summary>
    public string Redact(string text) => lines.Redact(text);

    /// <summary>
    /// Runs the request transforms; a denial's reason (it names hosts, SNI and Host headers the agent chose) is
    /// redacted before it is answered. An allowed exchange's reason is redacted with its line.
    /// </summary>
    public async ValueTask ApplyRequestTransformsAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        await Transforms.ApplyRequestAsync(exchange, cancellationToken).ConfigureAwait(false);
        if (exchange.IsStopped && exchange.Decision.Reason.Length > 0)
        {
            exchange.ReplaceDecision(exchange.Decision with { Reason = Redact(exchange.Decision.Reason) });
        }

        ReportIfFailed(exchange);
    }

    /// <summary>A transform that threw stopped the exchange: the user hears of it (a refusal the agent did not cause).</summary>
    public void ReportIfFailed(Exchange exchange)
    {
        if (exchange.IsStopped && exchange.Decision.Rule == TransformPipeline.FailedRule)
        {
            Logging.Log.TransformFailed(Logger, Redact(exchange.Target.Method), Redact(exchange.Target.Url), exchange.Decision.Reason);
        }
    }

    /// <summary>The exchange of a request the HTTP server refused before the proxy saw it (too large, malformed).</summary>
    public void AuditRefusedByServer(int status, string problem)
    {
        var exchange = new Exchange(this, RefusedByServer);
        exchange.Stop(PolicyDecision.Deny("bad-request", status, "refused by the HTTP parser: " + problem));
        exchange.End();
    }

    public PolicyDecision AuditRefusal => NetworkLog.Refusal ?? AuditLogStage.Refusal;

    public Task<bool> AnnounceAsync(Exchange exchange) => NetworkLog.WriteAndFlushAsync(lines.Entry(exchange, forwarding: true));

    public void Record(Exchange exchange) => NetworkLog.Write(lines.Entry(exchange, forwarding: false), exchange.IsAnnounced);

    public void RecordPart(Exchange exchange, string note, IReadOnlyList<ScrubbedItem> scrubbed) => NetworkLog.Write(lines.Part(exchange, note, scrubbed), forwarded: true);
}
