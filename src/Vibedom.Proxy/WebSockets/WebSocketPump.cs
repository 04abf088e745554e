namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// One direction of a relayed WebSocket: frames read from <paramref name="from"/>, a data message gathered whole
/// (its fragments joined, at most <paramref name="limit"/> bytes) and passed through the filter, then written to
/// <paramref name="to"/> as one frame; control frames (ping, pong, close) go on at once, interleaved as they came.
/// A frame that breaks RFC 6455 throws <see cref="WebSocketProtocolException"/> before any of its message is sent.
/// </summary>
internal sealed class WebSocketPump(WebSocketPeer from, WebSocketPeer to, WebSocketMessageFilter filter, long limit)
{
    /// <summary>How a direction ended.</summary>
    public enum End
    {
        /// <summary>Its side sent a close frame, which was relayed.</summary>
        Closed,

        /// <summary>Its side's connection ended without a close frame.</summary>
        Gone,
    }

    public long Messages { get; private set; }

    public long Bytes { get; private set; }

    public async Task<End> RunAsync(CancellationToken cancellationToken)
    {
        List<byte[]>? parts = null;
        byte opcode = 0;
        long held = 0;
        while (true)
        {
            if (await from.Reader.ReadAsync(limit - held, cancellationToken).ConfigureAwait(false) is not { } frame)
            {
                if (parts is not null)
                {
                    throw new WebSocketProtocolException("the connection ended inside a fragmented message");
                }

                return End.Gone;
            }

            if (frame.IsControl)
            {
                await RelayControlAsync(frame, cancellationToken).ConfigureAwait(false);
                if (frame.Opcode == WebSocketFrame.Close)
                {
                    return End.Closed;
                }

                continue;
            }

            if (frame.Opcode == WebSocketFrame.Continuation)
            {
                if (parts is null)
                {
                    throw new WebSocketProtocolException("a continuation frame came without a message to continue");
                }
            }
            else if (parts is not null)
            {
                throw new WebSocketProtocolException("a new message began before the fragmented one ended");
            }
            else
            {
                (parts, opcode, held) = ([], frame.Opcode, 0);
            }

            parts.Add(frame.Payload);
            held += frame.Payload.Length;
            if (!frame.Fin)
            {
                continue;
            }

            var message = parts.Count == 1 ? parts[0] : Join(parts, held);
            (parts, held) = (null, 0);
            Bytes += message.Length;
            Messages++;
            await to.WriteAsync(opcode, filter.Apply(to.IsServer, opcode, message), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RelayControlAsync(WebSocketFrame frame, CancellationToken cancellationToken)
    {
        if (frame.Opcode == WebSocketFrame.Close && frame.Payload.Length == 1)
        {
            throw new WebSocketProtocolException("a close frame carried one byte");
        }

        Bytes += frame.Payload.Length;
        var payload = frame.Payload;
        if (payload.Length > (frame.Opcode == WebSocketFrame.Close ? 2 : 0))
        {
            // a close reason, a ping or pong payload: looked at as well; if a redaction makes it too long for a
            // control frame, the close keeps only its code and a ping or pong goes on empty
            var filtered = filter.Apply(to.IsServer, frame.Opcode, (byte[])payload.Clone());
            payload = filtered.Length <= WebSocketFrame.MaxControlPayload ? filtered
                : frame.Opcode == WebSocketFrame.Close ? payload[..2] : [];
        }

        await to.WriteAsync(frame.Opcode, payload, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Join(List<byte[]> parts, long length)
    {
        var message = new byte[length];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(message, at);
            at += part.Length;
        }

        return message;
    }
}
