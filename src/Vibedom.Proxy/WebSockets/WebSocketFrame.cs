namespace Vibedom.Proxy.WebSockets;

/// <summary>RFC 6455's opcodes and control-frame rules (a frame as read: <see cref="WebSocketFrameHeader"/>).</summary>
internal static class WebSocketFrame
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    /// <summary>The largest payload a control frame may carry.</summary>
    public const int MaxControlPayload = 125;

    /// <summary>A close frame's payload: the status code, big-endian, then a short UTF-8 reason.</summary>
    public static byte[] ClosePayload(int code, string reason)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(reason);
        var payload = new byte[2 + Math.Min(text.Length, MaxControlPayload - 2)];
        payload[0] = (byte)(code >> 8);
        payload[1] = (byte)code;
        text.AsSpan(0, payload.Length - 2).CopyTo(payload.AsSpan(2));
        return payload;
    }
}
