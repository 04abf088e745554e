namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The relay's <see cref="WebSocketRelay.MaxConnections"/> places. A new connection takes a free one; when none is
/// free, the connection that has carried no data message for the longest yields its place (it is closed, 1001), if
/// that is at least <paramref name="quietToYield"/>: connections kept open but unused cannot shut out a new one. A
/// connection made to yield keeps its place until its relay has actually ended (its buffers are held until then): the
/// new one waits up to <paramref name="yieldWait"/> for it, then is refused. When every connection carried a message
/// more recently, the new one is refused (503).
/// </summary>
internal sealed class WebSocketSlots(int max, TimeSpan quietToYield, TimeSpan yieldWait)
{
    private readonly List<WebSocketSlot> _open = [];

    /// <summary>A place, or null when all are held; <c>Yielded</c> is true when a connection was made to yield for it.</summary>
    public async Task<(WebSocketSlot? Slot, bool Yielded)> TakeAsync(CancellationToken cancellationToken)
    {
        Task[] ending;
        var yielded = false;
        lock (_open)
        {
            if (TakeFree() is { } free)
            {
                return (free, false);
            }

            var quietest = _open.Where(s => !s.Evicted).MaxBy(s => s.Quiet);
            if (quietest is not null && quietest.Quiet >= quietToYield)
            {
                quietest.Evict();
                yielded = true;
            }

            ending = [.. _open.Where(s => s.Evicted).Select(s => s.Ended)];
        }

        if (ending.Length == 0)
        {
            return (null, false);
        }

        try
        {
            await Task.WhenAny(ending).WaitAsync(yieldWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // not ended in time: refused below unless another place came free
        }

        lock (_open)
        {
            return (TakeFree(), yielded);
        }
    }

    /// <summary>Frees <paramref name="slot"/> once its relay has ended.</summary>
    public void Release(WebSocketSlot slot)
    {
        lock (_open)
        {
            _open.Remove(slot);
        }

        slot.End();
    }

    private WebSocketSlot? TakeFree()
    {
        if (_open.Count >= max)
        {
            return null;
        }

        var slot = new WebSocketSlot();
        _open.Add(slot);
        return slot;
    }
}
