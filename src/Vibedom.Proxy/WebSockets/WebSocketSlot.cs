using System.Diagnostics;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// One relayed connection's place among <see cref="WebSocketSlots"/>: when it last carried a data message, whether it
/// was made to yield, and whether its relay has ended (until then it is counted, evicted or not).
/// </summary>
internal sealed class WebSocketSlot
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastMessage = Stopwatch.GetTimestamp();
    private int _evicted;

    /// <summary>How long since a data message went either way (or since the connection opened).</summary>
    public TimeSpan Quiet => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastMessage));

    /// <summary>True once a new connection took this one's place: the relay closes it.</summary>
    public bool Evicted => Volatile.Read(ref _evicted) != 0;

    /// <summary>Completes when the connection's relay has ended and its buffers are let go.</summary>
    public Task Ended => _ended.Task;

    public void Messaged() => Volatile.Write(ref _lastMessage, Stopwatch.GetTimestamp());

    public void Evict() => Volatile.Write(ref _evicted, 1);

    public void End() => _ended.TrySetResult();
}
