namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// One direction of a relayed WebSocket: frames read from <paramref name="from"/>, a data message gathered whole in
/// one <see cref="WebSocketMessageBuffer"/> (its fragments appended as their bytes arrive; at most
/// <paramref name="limit"/> bytes counting each frame's header, so a flood of empty fragments ends in 1009 too) and
/// passed through the filter, then written to
/// <paramref name="to"/> as one frame; control frames (ping, pong, close) go on at once, interleaved as they came, except a pong answering the relay's own ping.
/// A frame that breaks RFC 6455 throws <see cref="WebSocketProtocolException"/> before any of its message is sent.
/// </summary>
internal sealed class WebSocketPump(WebSocketPeer from, WebSocketPeer to, WebSocketMessageFilter filter, long limit, WebSocketSlot slot)
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
        var message = new WebSocketMessageBuffer();
        byte? opcode = null; // of the data message being gathered, if any
        long held = 0; // what it counts against the limit: its frames' headers and payloads
        while (true)
        {
            if (await from.Reader.ReadHeaderAsync(limit - held, cancellationToken).ConfigureAwait(false) is not { } frame)
            {
                if (opcode is not null)
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
                if (opcode is null)
                {
                    throw new WebSocketProtocolException("a continuation frame came without a message to continue");
                }
            }
            else if (opcode is not null)
            {
                throw new WebSocketProtocolException("a new message began before the fragmented one ended");
            }
            else
            {
                opcode = frame.Opcode;
            }

            held += frame.WireLength + frame.Length;
            await from.Reader.ReadPayloadAsync(frame, message, cancellationToken).ConfigureAwait(false);
            if (!frame.Fin)
            {
                continue;
            }

            Bytes += message.Length;
            Messages++;
            slot.Messaged();
            var whole = filter.Apply(to.IsServer, opcode.Value, message.Written);
            await to.WriteAsync(opcode.Value, whole, cancellationToken).ConfigureAwait(false);
            message.Reset();
            (opcode, held) = (null, 0);
        }
    }

    private async Task RelayControlAsync(WebSocketFrameHeader frame, CancellationToken cancellationToken)
    {
        if (frame.Opcode == WebSocketFrame.Close && frame.Length == 1)
        {
            throw new WebSocketProtocolException("a close frame carried one byte");
        }

        var read = await from.Reader.ReadControlPayloadAsync(frame, cancellationToken).ConfigureAwait(false);
        if (frame.Opcode == WebSocketFrame.Pong && from.IsOwnPong(read))
        {
            return; // it answers the relay's own ping (a liveness check): not the other side's business
        }

        Bytes += read.Length;
        ReadOnlyMemory<byte> payload = read;
        if (read.Length > (frame.Opcode == WebSocketFrame.Close ? 2 : 0))
        {
            // a close reason, a ping or pong payload: looked at as well; if a redaction makes it too long for a
            // control frame, the close keeps only its code and a ping or pong goes on empty
            var filtered = filter.Apply(to.IsServer, frame.Opcode, (byte[])read.Clone());
            payload = filtered.Length <= WebSocketFrame.MaxControlPayload ? filtered
                : frame.Opcode == WebSocketFrame.Close ? read.AsMemory(0, 2) : ReadOnlyMemory<byte>.Empty;
        }

        await to.WriteAsync(frame.Opcode, payload, cancellationToken).ConfigureAwait(false);
    }
}
