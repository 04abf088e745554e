namespace Vibedom.Proxy.Policy;

/// <summary>
/// One request (or one CONNECT) as the policy sees it. <see cref="Host"/> is normalised;
/// <see cref="ConnectHost"/> and <see cref="Sni"/> are set inside a CONNECT tunnel.
/// </summary>
internal sealed record EgressRequest(
    string Method,
    string Host,
    int Port,
    string? HostHeader,
    string? ConnectHost,
    string? Sni,
    bool IsWebSocket);
