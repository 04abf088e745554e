using Microsoft.AspNetCore.Http.Features;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.WebSockets;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Protocol upgrades. A WebSocket upgrade (HTTP/1.1) to an allowed host goes on to the relay when
/// <c>[dlp] websockets = "relay"</c> (the default: <see cref="WebSocketRelay"/> reads every frame and passes each
/// message through DLP); with <c>"refuse"</c>, and always for WebSockets over HTTP/2 (RFC 8441, not relayed), it gets
/// 426, which tells clients that can fall back to plain HTTP (Codex CLI) to do so at once instead of retrying (see
/// SECURITY.md). Any other <c>Upgrade</c> (SPDY/3.1, h2c, a made-up one) gets 403 <c>upgrade</c>: after a 101 the
/// proxy would relay bytes both ways unread (no DLP, no credential swap), and there is no plain-HTTP fallback to point to.
/// </summary>
internal sealed class WebSocketStage(WebSocketMode mode = WebSocketMode.Relay) : IRequestTransform
{
    public const string Rule = "websocket";
    public const string UpgradeRule = "upgrade";

    private static readonly PolicyDecision Refusal = PolicyDecision.Deny(Rule, 426,
        "WebSocket upgrades are refused ([dlp] websockets = \"refuse\"); use plain HTTP");

    private static readonly PolicyDecision Http2Refusal = PolicyDecision.Deny(Rule, 426,
        "WebSockets over HTTP/2 are not relayed; use HTTP/1.1 or plain HTTP");

    private static readonly PolicyDecision UpgradeRefusal = PolicyDecision.Deny(UpgradeRule, 403,
        "protocol upgrades are refused: after a 101 the bytes would pass unread (no DLP, no credentials); send plain HTTP requests");

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.Target.IsWebSocket)
        {
            if (mode == WebSocketMode.Refuse)
            {
                exchange.Stop(Refusal);
            }
            else if (exchange.Http?.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true)
            {
                exchange.Stop(Http2Refusal);
            }
        }
        else if (exchange.Http?.Request.Headers.Upgrade.Count > 0)
        {
            exchange.Stop(UpgradeRefusal);
        }

        return ValueTask.CompletedTask;
    }
}
