using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// Liveness: a side that has sent nothing for half the idle timeout gets the relay's own ping (its pong is not
/// relayed), so a live but quiet connection stays open for hours; a side silent for the whole timeout, or a
/// connection made to yield its place to a new one (<see cref="WebSocketSlots"/>), is closed on both sides (1001).
/// The watch never waits for a write: the ping is skipped while one is in progress, and a side whose write has not
/// moved for the whole timeout (it reads nothing) has its transport cut, which ends the relay.
/// </summary>
internal sealed partial class WebSocketRelay
{
    private async Task WatchAsync(Exchange exchange, WebSocketPeer client, WebSocketPeer server, WebSocketSlot slot, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var tick = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 8, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(5).Ticks));
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (slot.Evicted)
                {
                    await EndAsync(exchange, client, server, stop,
                        $"all {MaxConnections} WebSocket places were taken and this connection, quiet the longest, yielded its place to a new one").ConfigureAwait(false);
                    return;
                }

                foreach (var (peer, side) in new[] { (client, "client"), (server, "server") })
                {
                    if (peer.WriteStalled >= idleTimeout)
                    {
                        exchange.Note($"websocket closed: the {side} read nothing for {idleTimeout.TotalSeconds:0.#} s (a write to it made no progress); its connection was cut");
                        peer.Abort();
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    if (peer.Reader.Silence >= idleTimeout)
                    {
                        await EndAsync(exchange, client, server, stop,
                            $"idle: the {side} sent nothing for {idleTimeout.TotalSeconds:0.#} s and did not answer the relay's ping").ConfigureAwait(false);
                        return;
                    }

                    if (peer.Reader.Silence >= idleTimeout / 2 && !peer.PingOutstanding)
                    {
                        peer.TryPing(cancellationToken);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the connection is ending, or a side went away while pinged: the pumps see it too
        }
    }

    private static async Task EndAsync(Exchange exchange, WebSocketPeer client, WebSocketPeer server, CancellationTokenSource stop, string why)
    {
        const int GoingAway = 1001;
        exchange.Note($"websocket closed ({GoingAway}): {why}");
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await server.CloseQuietlyAsync(GoingAway, "vibedom: idle or yielded", grace.Token).ConfigureAwait(false);
        await client.CloseQuietlyAsync(GoingAway, "vibedom: idle or yielded", grace.Token).ConfigureAwait(false);
        stop.CancelAfter(CloseGrace); // each side may answer its close (a dead one is cut then)
    }
}
