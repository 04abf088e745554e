using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// Relays an allowed RFC 6455 upgrade (see the handshake partial), then its frames both ways through a
/// <see cref="WebSocketPump"/> each: every data message whole through DLP, no extension (permessage-deflate is
/// negotiated away), a size limit per message (1009), malformed frames closing both sides (1002), a message
/// blocked by DLP closing both (1008), a side silent for the idle timeout (its ping unanswered) or a connection made
/// to yield its place closing both (1001). The connection's final line (its exchange's) holds the messages, bytes and
/// what was scrubbed; what messages bring is written while it is open too (<see cref="WebSocketFindings"/>).
/// </summary>
internal sealed partial class WebSocketRelay(
    DlpEngines? engines, CredentialBindings? credentials, IReadOnlyList<string> sentinels, long messageLimit, TimeSpan idleTimeout, ILogger logger)
{
    /// <summary>
    /// How long a side may send nothing at all by default: after half of it the relay pings it (a live client or
    /// server answers, however long it stays quiet); after all of it the connection is closed (1001).
    /// </summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The largest message relayed by default (as DLP's largest decoded body); larger closes with 1009.</summary>
    public const long DefaultMessageLimit = 16 * 1024 * 1024;

    /// <summary>
    /// The most WebSocket connections relayed at once by one proxy; one more upgrade gets 503 before anything is sent
    /// upstream. Each direction of a connection may hold a message of up to the limit (and DLP's copies of it), so this
    /// bounds the relay's memory; a CLI agent opens one or two.
    /// </summary>
    public const int MaxConnections = 16;

    /// <summary>After one side closed, how long the other may take to answer its close.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly WebSocketSlots _slots = new(MaxConnections, idleTimeout, CloseGrace + CloseGrace);

    private async Task RunAsync(Exchange exchange, Stream client, Action abortClient, Stream server, WebSocketSlot slot, CancellationToken cancellationToken)
    {
        var findings = engines is null ? null : new WebSocketFindings(exchange, engines, logger);
        var filter = new WebSocketMessageFilter(engines?.Request, engines?.Response, credentials?.For(exchange.Target.Host)?.Returning, findings, sentinels);
        await using var clientPeer = new WebSocketPeer(client, isServer: false, abortClient);
        await using var serverPeer = new WebSocketPeer(server, isServer: true, server.Dispose);
        var up = new WebSocketPump(clientPeer, serverPeer, filter, messageLimit, slot);
        var down = new WebSocketPump(serverPeer, clientPeer, filter, messageLimit, slot);
        if (findings is not null)
        {
            findings.Progress = () =>
            {
                (exchange.BytesOut, exchange.BytesIn) = (up.Bytes, down.Bytes);
                return $"{up.Messages} message(s) up, {down.Messages} down so far";
            };
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var watch = WatchAsync(exchange, clientPeer, serverPeer, slot, stop, watching.Token);
        var upTask = PumpAsync(up, "client", exchange, clientPeer, serverPeer, stop);
        var downTask = PumpAsync(down, "server", exchange, clientPeer, serverPeer, stop);
        var first = await Task.WhenAny(upTask, downTask).ConfigureAwait(false);
        if (await first.ConfigureAwait(false) == WebSocketPump.End.Closed)
        {
            stop.CancelAfter(CloseGrace); // the other side answers the close, or is cut
        }
        else
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await UntilEndedAsync(Task.WhenAll(upTask, downTask), stop.Token, clientPeer, serverPeer).ConfigureAwait(false);
        await watching.CancelAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);
        findings?.Flush();
        exchange.BytesOut = up.Bytes;
        exchange.BytesIn = down.Bytes;
        exchange.Note($"websocket: {up.Messages} message(s) up, {down.Messages} down"
            + (filter.Echoes > 0 ? $"; credential: {filter.Echoes} echo(es) turned back into the sentinel" : string.Empty));
    }

    /// <summary>
    /// Waits for both directions; once the relay is stopping, a direction still stuck (a write to a side that reads
    /// nothing does not heed cancellation) gets <see cref="CloseGrace"/>, then both transports are cut.
    /// </summary>
    private static async Task UntilEndedAsync(Task both, CancellationToken stopping, WebSocketPeer client, WebSocketPeer server)
    {
        try
        {
            await both.WaitAsync(stopping).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping: the pumps should end now
        }

        try
        {
            await both.WaitAsync(CloseGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            client.Abort();
            server.Abort();
            await both.ConfigureAwait(false);
        }
    }

    /// <summary>Runs one direction; a broken rule, a blocked message or a failed side closes both sides with its code.</summary>
    private static async Task<WebSocketPump.End?> PumpAsync(
        WebSocketPump pump, string side, Exchange exchange, WebSocketPeer client, WebSocketPeer server, CancellationTokenSource stop)
    {
        await Task.Yield();
        int code;
        string reason;
        try
        {
            return await pump.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (WebSocketProtocolException e)
        {
            (code, reason) = (e.CloseCode, e.Message);
            exchange.Note($"websocket closed ({code}): the {side} broke the protocol: {e.Message}");
        }
        catch (WebSocketBlockedException e)
        {
            (code, reason) = (WebSocketProtocolException.PolicyViolation, "refused by vibedom DLP");
            exchange.Note($"websocket closed (1008): {e.Denial.Reason}");
            exchange.Stop(e.Denial);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            return null; // this side went away, or the relay is ending
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await server.CloseQuietlyAsync(code, reason, grace.Token).ConfigureAwait(false);
        await client.CloseQuietlyAsync(code, reason, grace.Token).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        return null;
    }
}
