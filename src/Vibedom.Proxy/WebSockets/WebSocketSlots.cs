namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The relay's <see cref="WebSocketRelay.MaxConnections"/> places. A new connection takes a free one; when none is
/// free, the connection that has carried no data message for the longest yields its place (it is closed, 1001), if
/// that is at least <paramref name="quietToYield"/>: connections kept open but unused cannot shut out a new one. When
/// every connection carried a message more recently, the new one is refused (503).
/// </summary>
internal sealed class WebSocketSlots(int max, TimeSpan quietToYield)
{
    private readonly List<WebSocketSlot> _open = [];

    /// <summary>A place, or null when all are held by connections in use; <paramref name="evicted"/> is the one made to yield.</summary>
    public WebSocketSlot? TryTake(out WebSocketSlot? evicted)
    {
        evicted = null;
        lock (_open)
        {
            if (_open.Count >= max)
            {
                var quietest = _open.MaxBy(s => s.Quiet);
                if (quietest is null || quietest.Quiet < quietToYield)
                {
                    return null;
                }

                quietest.Evict();
                _open.Remove(quietest);
                evicted = quietest;
            }

            var slot = new WebSocketSlot();
            _open.Add(slot);
            return slot;
        }
    }

    /// <summary>Frees <paramref name="slot"/> (nothing when it was taken over already).</summary>
    public void Release(WebSocketSlot slot)
    {
        lock (_open)
        {
            _open.Remove(slot);
        }
    }
}
