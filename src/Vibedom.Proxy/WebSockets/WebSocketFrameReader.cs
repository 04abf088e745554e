using System.Buffers.Binary;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// Reads RFC 6455 frames from one side, checking what the relay relies on before any payload byte is kept: no RSV
/// bit (no extension was negotiated), a known opcode, control frames unfragmented and at most 125 bytes, masking
/// as the direction requires (client frames masked, server frames not), and a length within what is left of the
/// message limit (else 1009, before the payload is read).
/// </summary>
internal sealed class WebSocketFrameReader(Stream stream, bool expectMasked)
{
    private readonly byte[] _header = new byte[14];

    /// <summary>The next frame, or null when the side ended cleanly between frames.</summary>
    /// <param name="room">How many payload bytes a data frame may still carry (the message limit minus what it holds).</param>
    public async ValueTask<WebSocketFrame?> ReadAsync(long room, CancellationToken cancellationToken)
    {
        if (await stream.ReadAsync(_header.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) == 0)
        {
            return null;
        }

        await ReadExactlyAsync(_header.AsMemory(1, 1), cancellationToken).ConfigureAwait(false);
        var fin = (_header[0] & 0x80) != 0;
        if ((_header[0] & 0x70) != 0)
        {
            throw new WebSocketProtocolException("a frame set an RSV bit, but no extension was negotiated");
        }

        var opcode = (byte)(_header[0] & 0x0F);
        if (opcode is > WebSocketFrame.Binary and < WebSocketFrame.Close or > WebSocketFrame.Pong)
        {
            throw new WebSocketProtocolException($"a frame used the reserved opcode {opcode}");
        }

        var masked = (_header[1] & 0x80) != 0;
        if (masked != expectMasked)
        {
            throw new WebSocketProtocolException(expectMasked ? "a client frame was not masked" : "a server frame was masked");
        }

        long length = _header[1] & 0x7F;
        if (length == 126)
        {
            await ReadExactlyAsync(_header.AsMemory(2, 2), cancellationToken).ConfigureAwait(false);
            length = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2));
        }
        else if (length == 127)
        {
            await ReadExactlyAsync(_header.AsMemory(2, 8), cancellationToken).ConfigureAwait(false);
            var wide = BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2));
            if (wide > long.MaxValue)
            {
                throw new WebSocketProtocolException("a frame length had its most significant bit set");
            }

            length = (long)wide;
        }

        var control = opcode >= WebSocketFrame.Close;
        if (control && (!fin || length > WebSocketFrame.MaxControlPayload))
        {
            throw new WebSocketProtocolException("a control frame was fragmented or longer than 125 bytes");
        }

        if (!control && length > room)
        {
            throw new WebSocketProtocolException(WebSocketProtocolException.MessageTooBig, "a message exceeded the relay's size limit");
        }

        var mask = new byte[4];
        if (masked)
        {
            await ReadExactlyAsync(mask, cancellationToken).ConfigureAwait(false);
        }

        var payload = new byte[length];
        await ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i & 3];
            }
        }

        return new WebSocketFrame(fin, opcode, payload);
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new WebSocketProtocolException("the connection ended inside a frame", e);
        }
    }
}
