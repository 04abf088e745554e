using System.Buffers.Binary;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// Reads RFC 6455 frames from one side, checking what the relay relies on before any payload byte is kept: no RSV
/// bit (no extension was negotiated), a known opcode, control frames unfragmented and at most 125 bytes, masking
/// as the direction requires (client frames masked, server frames not), and a header plus length within what is left
/// of the message limit (else 1009, before the payload is read). A payload is then read in chunks as its bytes
/// arrive: a header alone never makes the relay allocate the length it claims.
/// </summary>
internal sealed class WebSocketFrameReader(Stream stream, bool expectMasked)
{
    /// <summary>The most bytes asked of the stream at once while reading a payload.</summary>
    public const int Chunk = 64 * 1024;

    private readonly byte[] _header = new byte[14];
    private long _lastRead = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>How long since this side's last byte arrived (or since the reader was made).</summary>
    public TimeSpan Silence => System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _lastRead));

    /// <summary>The next frame's header, or null when the side ended cleanly between frames.</summary>
    /// <param name="room">How many bytes a data frame (header and payload) may still take (the message limit minus what it holds).</param>
    public async ValueTask<WebSocketFrameHeader?> ReadHeaderAsync(long room, CancellationToken cancellationToken)
    {
        if (await stream.ReadAsync(_header.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) == 0)
        {
            return null;
        }

        Heard();

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

        var wire = 2;
        long length = _header[1] & 0x7F;
        if (length == 126)
        {
            await ReadExactlyAsync(_header.AsMemory(2, 2), cancellationToken).ConfigureAwait(false);
            length = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2));
            wire += 2;
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
            wire += 8;
        }

        wire += masked ? 4 : 0;
        var control = opcode >= WebSocketFrame.Close;
        if (control && (!fin || length > WebSocketFrame.MaxControlPayload))
        {
            throw new WebSocketProtocolException("a control frame was fragmented or longer than 125 bytes");
        }

        if (!control && length > room - wire)
        {
            throw new WebSocketProtocolException(WebSocketProtocolException.MessageTooBig, "a message exceeded the relay's size limit");
        }

        uint mask = 0;
        if (masked)
        {
            await ReadExactlyAsync(_header.AsMemory(10, 4), cancellationToken).ConfigureAwait(false);
            mask = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(10));
        }

        return new WebSocketFrameHeader(fin, opcode, length, masked, mask, wire);
    }

    /// <summary>A control frame's payload (at most 125 bytes), unmasked.</summary>
    public async ValueTask<byte[]> ReadControlPayloadAsync(WebSocketFrameHeader header, CancellationToken cancellationToken)
    {
        var payload = new byte[header.Length];
        await ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        Unmask(header, payload, 0);
        return payload;
    }

    /// <summary>
    /// Appends a data frame's payload, unmasked, to <paramref name="into"/> in chunks of at most <see cref="Chunk"/>
    /// bytes as they arrive, so the buffer grows with what came, never with what the header claimed.
    /// </summary>
    public async ValueTask ReadPayloadAsync(WebSocketFrameHeader header, WebSocketMessageBuffer into, CancellationToken cancellationToken)
    {
        long read = 0;
        while (read < header.Length)
        {
            var memory = into.GetMemory((int)Math.Min(header.Length - read, Chunk));
            var got = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                throw new WebSocketProtocolException("the connection ended inside a frame");
            }

            Heard();
            Unmask(header, memory.Span[..got], read);
            into.Advance(got);
            read += got;
        }
    }

    private void Heard() => Volatile.Write(ref _lastRead, System.Diagnostics.Stopwatch.GetTimestamp());

    private static void Unmask(WebSocketFrameHeader header, Span<byte> payload, long offset)
    {
        if (!header.Masked)
        {
            return;
        }

        Span<byte> mask = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(mask, header.Mask);
        var phase = (int)(offset & 3);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= mask[(i + phase) & 3];
        }
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            Heard();
        }
        catch (EndOfStreamException e)
        {
            throw new WebSocketProtocolException("the connection ended inside a frame", e);
        }
    }
}
