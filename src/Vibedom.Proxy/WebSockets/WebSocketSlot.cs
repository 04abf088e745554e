using System.Diagnostics;

namespace Vibedom.Proxy.WebSockets;

/// <summary>One relayed connection's place among <see cref="WebSocketSlots"/>: when it last carried a data message, and whether it was made to yield.</summary>
internal sealed class WebSocketSlot
{
    private long _lastMessage = Stopwatch.GetTimestamp();
    private int _evicted;

    /// <summary>How long since a data message went either way (or since the connection opened).</summary>
    public TimeSpan Quiet => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastMessage));

    /// <summary>True once a new connection took this one's place: the relay closes it.</summary>
    public bool Evicted => Volatile.Read(ref _evicted) != 0;

    public void Messaged() => Volatile.Write(ref _lastMessage, Stopwatch.GetTimestamp());

    public void Evict() => Volatile.Write(ref _evicted, 1);
}
