using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.WebSockets;

/// <summary>A message carried a value whose class is in block mode: the connection closes (1008) before it is sent.</summary>
internal sealed class WebSocketBlockedException : Exception
{
    public WebSocketBlockedException()
        : this(PolicyDecision.Deny("dlp", 403, "blocked"))
    {
    }

    public WebSocketBlockedException(string message)
        : base(message)
    {
        Denial = PolicyDecision.Deny("dlp", 403, message);
    }

    public WebSocketBlockedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Denial = PolicyDecision.Deny("dlp", 403, message);
    }

    public WebSocketBlockedException(PolicyDecision denial)
        : base(denial?.Reason)
    {
        ArgumentNullException.ThrowIfNull(denial);
        Denial = denial;
    }

    public PolicyDecision Denial { get; }
}
