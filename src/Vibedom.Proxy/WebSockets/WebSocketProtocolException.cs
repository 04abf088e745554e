namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// A peer broke RFC 6455 (or a limit): the relay closes both sides with <see cref="CloseCode"/>. The message names the
/// rule broken, never a payload.
/// </summary>
internal sealed class WebSocketProtocolException : Exception
{
    public const int ProtocolError = 1002;
    public const int InvalidPayload = 1007;
    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;

    public WebSocketProtocolException()
        : this(ProtocolError, "protocol error")
    {
    }

    public WebSocketProtocolException(string message)
        : this(ProtocolError, message)
    {
    }

    public WebSocketProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        CloseCode = ProtocolError;
    }

    public WebSocketProtocolException(int closeCode, string message)
        : base(message)
    {
        CloseCode = closeCode;
    }

    public int CloseCode { get; }
}
