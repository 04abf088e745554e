namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// One RFC 6455 frame's header as read and checked; its payload is still on the wire. <see cref="WireLength"/> is the
/// header's own size (2 to 14 bytes), charged against the message limit so that empty fragments are not free.
/// </summary>
internal readonly record struct WebSocketFrameHeader(bool Fin, byte Opcode, long Length, bool Masked, uint Mask, int WireLength)
{
    public bool IsControl => Opcode >= WebSocketFrame.Close;
}
