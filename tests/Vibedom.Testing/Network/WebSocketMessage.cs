namespace Vibedom.Testing.Network;

/// <summary>A whole WebSocket message <see cref="UpstreamServer"/> received: kind (text, binary, close), payload, close status.</summary>
public sealed record WebSocketMessage(string Target, string Kind, byte[] Payload, int? CloseStatus)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}
