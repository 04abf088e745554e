using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Refuses protocol upgrades. WebSocket gets 426: after the 101 the frames would pass as opaque bytes that no DLP stage
/// can read, so the channel is closed rather than left unscrubbed; 426 (not 403) tells clients that can fall back to
/// plain HTTP (Codex CLI) to do so at once instead of retrying (see SECURITY.md). Any other <c>Upgrade</c> (SPDY/3.1,
/// h2c, a made-up one) gets 403 <c>upgrade</c>: after a 101 the proxy would relay bytes both ways unread (no DLP, no
/// credential swap), and there is no plain-HTTP fallback to point to.
/// </summary>
internal sealed class WebSocketStage : IRequestTransform
{
    public const string Rule = "websocket";
    public const string UpgradeRule = "upgrade";

    private static readonly PolicyDecision Refusal = PolicyDecision.Deny(Rule, 426, "WebSocket upgrades are refused: their frames cannot be scrubbed; use plain HTTP");

    private static readonly PolicyDecision UpgradeRefusal = PolicyDecision.Deny(UpgradeRule, 403,
        "protocol upgrades are refused: after a 101 the bytes would pass unread (no DLP, no credentials); send plain HTTP requests");

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.Target.IsWebSocket)
        {
            exchange.Stop(Refusal);
        }
        else if (exchange.Http?.Request.Headers.Upgrade.Count > 0)
        {
            exchange.Stop(UpgradeRefusal);
        }

        return ValueTask.CompletedTask;
    }
}
