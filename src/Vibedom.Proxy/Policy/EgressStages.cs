using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// The egress policy as the first request transforms, in this order: audit log healthy → allowlist → same name
/// (CONNECT host = SNI = Host) → WebSocket → private addresses. The first that stops an exchange wins.
/// </summary>
internal static class EgressStages
{
    public static IRequestTransform[] Create(Func<PolicyDecision?> auditLogRefusal, AllowlistSource allowlist, EgressResolver resolver, WebSockets.WebSocketMode webSockets = WebSockets.WebSocketMode.Relay) =>
        [new AuditLogStage(auditLogRefusal), new AllowlistStage(allowlist), new SameNameStage(), new WebSocketStage(webSockets), new PrivateAddressStage(resolver)];
}
