namespace Vibedom.Proxy.Exchanges;

/// <summary>
/// Where an exchange goes, as the agent named it. <see cref="Host"/> is normalised; <see cref="ConnectHost"/>
/// and <see cref="Sni"/> are set inside a CONNECT tunnel; <see cref="Url"/> is the URL as recorded (query
/// values already replaced).
/// </summary>
internal sealed record ExchangeTarget(
    string Method,
    string Host,
    int Port,
    string Url,
    string? HostHeader = null,
    string? ConnectHost = null,
    string? Sni = null,
    bool IsWebSocket = false)
{
    public const string Connect = "CONNECT";

    /// <summary>A CONNECT to <c>host:port</c> (its tunnel's requests are exchanges of their own).</summary>
    public static ExchangeTarget ForConnect(string host, int port) => new(Connect, host, port, $"{host}:{port}");
}
