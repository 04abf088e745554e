using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Refuses WebSocket upgrades with 426: after the 101 the frames would pass as opaque bytes that no DLP stage can
/// read, so the channel is closed rather than left unscrubbed. 426 (not 403) tells clients that can fall back to
/// plain HTTP (Codex CLI) to do so at once instead of retrying (see SECURITY.md).
/// </summary>
internal sealed class WebSocketStage : IRequestTransform
{
    public const string Rule = "websocket";

    private static readonly PolicyDecision Refusal = PolicyDecision.Deny(Rule, 426, "WebSocket upgrades are refused: their frames cannot be scrubbed; use plain HTTP");

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.Target.IsWebSocket)
        {
            exchange.Stop(Refusal);
        }

        return ValueTask.CompletedTask;
    }
}
