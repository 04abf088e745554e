using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// One side of a relayed WebSocket: its stream, the frames read from it, and writes to it, one at a time (both
/// directions' pumps may write a close to it). Frames toward the server are masked with a fresh key, as a client's.
/// A write in progress records when it last moved (<see cref="WriteStalled"/>): a side that reads nothing is seen, and
/// cut (<paramref name="abort"/>), by the relay's watch, which never waits for a write itself.
/// </summary>
internal sealed class WebSocketPeer(Stream stream, bool isServer, Action abort) : IAsyncDisposable
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly byte[] _ping = NewPingPayload();
    private int _closeSent;
    private long _pingedAt;
    private long _writeMovedAt; // 0 when no write is in progress

    /// <summary>Frames this side sends (a client's must be masked, a server's must not).</summary>
    public WebSocketFrameReader Reader { get; } = new(stream, expectMasked: !isServer);

    public bool IsServer => isServer;

    public bool CloseSent => Volatile.Read(ref _closeSent) != 0;

    /// <summary>True when the relay's own ping went to this side and nothing came back since.</summary>
    public bool PingOutstanding
    {
        get
        {
            var at = Volatile.Read(ref _pingedAt);
            return at != 0 && Reader.Silence > System.Diagnostics.Stopwatch.GetElapsedTime(at);
        }
    }

    /// <summary>How long the write in progress to this side has not moved (zero when none is in progress).</summary>
    public TimeSpan WriteStalled
    {
        get
        {
            var at = Volatile.Read(ref _writeMovedAt);
            return at == 0 ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(at);
        }
    }

    /// <summary>
    /// Starts the relay's own ping (its payload is this side's alone, so its pong is known and not relayed) unless a
    /// write is in progress; never waits for it (a side that reads nothing shows as <see cref="WriteStalled"/>).
    /// </summary>
    public bool TryPing(CancellationToken cancellationToken)
    {
        if (!_writing.Wait(0))
        {
            return false;
        }

        Volatile.Write(ref _pingedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        _ = PingHeldAsync(cancellationToken);
        return true;
    }

    /// <summary>Cuts this side's transport: a write stuck on it fails, and the relay ends.</summary>
    public void Abort()
    {
        try
        {
            abort();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>True for a pong answering the relay's own ping to this side.</summary>
    public bool IsOwnPong(ReadOnlySpan<byte> payload) => payload.SequenceEqual(_ping);

    /// <summary>Writes one whole frame; nothing once a close went to this side.</summary>
    public async ValueTask WriteAsync(byte opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteHeldAsync(opcode, payload, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Sends a close with <paramref name="code"/>, best effort (the side may be gone).</summary>
    public async ValueTask CloseQuietlyAsync(int code, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(WebSocketFrame.Close, WebSocketFrame.ClosePayload(code, reason), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the side already went away: nothing left to tell it
        }
    }

    private async Task PingHeldAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteHeldAsync(WebSocketFrame.Ping, _ping, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // the side went away, or the relay is ending: the pumps see it too
        }
        finally
        {
            try
            {
                _writing.Release();
            }
            catch (ObjectDisposedException)
            {
                // the relay ended while the ping was stuck
            }
        }
    }

    /// <summary>One frame, with the write lock held; a frame cut short leaves the stream unusable, so the side is cut.</summary>
    private async ValueTask WriteHeldAsync(byte opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (CloseSent)
        {
            return;
        }

        if (opcode == WebSocketFrame.Close)
        {
            Volatile.Write(ref _closeSent, 1);
        }

        Volatile.Write(ref _writeMovedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        try
        {
            await WriteFrameAsync(opcode, payload, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Abort();
            throw;
        }
        finally
        {
            Volatile.Write(ref _writeMovedAt, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        _writing.Dispose();
    }

    private static byte[] NewPingPayload()
    {
        var payload = new byte[20];
        "vibedom:"u8.CopyTo(payload);
        RandomNumberGenerator.Fill(payload.AsSpan(8));
        return payload;
    }

    /// <summary>
    /// Writes the header with the payload's first chunk, then the rest a chunk at a time (masked through the one
    /// chunk-sized array toward the server), so a large message is not copied whole once more.
    /// </summary>
    private async ValueTask WriteFrameAsync(byte opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var extra = payload.Length < 126 ? 0 : payload.Length <= ushort.MaxValue ? 2 : 8;
        var maskLength = isServer ? 4 : 0;
        var head = 2 + extra + maskLength;
        var buffer = new byte[head + Math.Min(payload.Length, WebSocketFrameReader.Chunk)];
        buffer[0] = (byte)(0x80 | opcode);
        buffer[1] = (byte)((isServer ? 0x80 : 0) | (extra == 0 ? payload.Length : extra == 2 ? 126 : 127));
        if (extra == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)payload.Length);
        }
        else if (extra == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(2), (ulong)payload.Length);
        }

        var mask = new byte[maskLength];
        RandomNumberGenerator.Fill(mask);
        mask.CopyTo(buffer, 2 + extra);
        var at = 0;
        do
        {
            var piece = Math.Min(payload.Length - at, buffer.Length - head);
            var body = buffer.AsSpan(head, piece);
            payload.Span.Slice(at, piece).CopyTo(body);
            if (isServer)
            {
                for (var i = 0; i < piece; i++)
                {
                    body[i] ^= mask[(at + i) & 3];
                }
            }

            await stream.WriteAsync(buffer.AsMemory(0, head + piece), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _writeMovedAt, System.Diagnostics.Stopwatch.GetTimestamp());
            (at, head) = (at + piece, 0);
        }
        while (at < payload.Length);
    }
}
