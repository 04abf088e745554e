namespace Vibedom.Proxy.WebSockets;

/// <summary><c>[dlp] websockets</c>: what the proxy does with an RFC 6455 upgrade to an allowed host.</summary>
public enum WebSocketMode
{
    /// <summary>Relayed frame by frame, each text message through DLP (the default).</summary>
    Relay,

    /// <summary>Answered 426, so clients that can fall back to plain HTTP do so at once.</summary>
    Refuse,
}
