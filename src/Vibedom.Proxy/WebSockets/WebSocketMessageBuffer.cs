namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The one buffer a direction gathers its current data message in: fragments are appended to it (no array per
/// frame), and it grows only when full, by doubling from 4 KiB, so it never holds more than twice what came (or
/// 4 KiB), and a large array is let go once its message is sent, so an idle
/// connection holds little.
/// </summary>
internal sealed class WebSocketMessageBuffer
{
    /// <summary>The largest array kept between messages; a larger one goes back to the GC.</summary>
    public const int Kept = 64 * 1024;

    private const int Smallest = 4 * 1024;

    private byte[] _array = [];

    public int Length { get; private set; }

    /// <summary>The message gathered so far.</summary>
    public Memory<byte> Written => _array.AsMemory(0, Length);

    /// <summary>Room for at least one and at most <paramref name="most"/> more bytes (<paramref name="most"/> ≥ 1).</summary>
    public Memory<byte> GetMemory(int most)
    {
        if (_array.Length == Length)
        {
            var size = Math.Min(Math.Max(Smallest, 2L * _array.Length), Array.MaxLength);
            if (size <= Length)
            {
                throw new WebSocketProtocolException(WebSocketProtocolException.MessageTooBig, "a message exceeded the relay's size limit");
            }

            var grown = new byte[size];
            _array.AsSpan(0, Length).CopyTo(grown);
            _array = grown;
        }

        return _array.AsMemory(Length, Math.Min(most, _array.Length - Length));
    }

    public void Advance(int count) => Length += count;

    /// <summary>Empties the buffer for the next message, letting a large array go.</summary>
    public void Reset()
    {
        Length = 0;
        if (_array.Length > Kept)
        {
            _array = [];
        }
    }
}
