namespace Vibedom.Proxy.Policy;

/// <summary>
/// Refuses WebSocket upgrades: after the 101 the frames would pass as opaque bytes that no
/// DLP stage can read, so the channel is closed rather than left unscrubbed (see SECURITY.md).
/// </summary>
internal sealed class WebSocketStage : IEgressStage
{
    public const string Rule = "websocket";

    public ValueTask<PolicyDecision> EvaluateAsync(EgressRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(request.IsWebSocket
            ? PolicyDecision.Deny(Rule, 403, "WebSocket upgrades are refused: their frames cannot be scrubbed")
            : PolicyDecision.Continue);
}
