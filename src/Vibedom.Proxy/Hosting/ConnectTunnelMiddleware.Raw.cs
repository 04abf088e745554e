using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

internal sealed partial class ConnectTunnelMiddleware
{
    /// <summary>Relays bytes both ways, unread (git over SSH); allowed only by an explicit host:port entry.</summary>
    private async Task RelayRawAsync(ConnectionContext connection, ConnectRequest connect, PolicyDecision decision, DateTimeOffset started, long startTimestamp)
    {
        var resolution = await proxy.Resolver.ResolveAsync(connect.Host, connect.Port, connection.ConnectionClosed).ConfigureAwait(false);
        if (resolution.Endpoints.Count == 0)
        {
            var refused = PolicyDecision.Deny(PrivateAddressStage.Rule, 403, resolution.Problem!);
            AuditConnect(started, startTimestamp, connect, refused, 403, 0, 0, NetworkLogEntry.TlsTunneled);
            return;
        }

        if (await proxy.AnnounceAsync(started, "CONNECT", ConnectUrl(connect), connect.Host, connect.Port, decision, NetworkLogEntry.TlsTunneled).ConfigureAwait(false) is { } unlogged)
        {
            AuditConnect(started, startTimestamp, connect, unlogged, unlogged.StatusCode, 0, 0, NetworkLogEntry.TlsTunneled);
            return; // its line could not be written: nothing is relayed
        }

        var client = new DuplexPipeStream(connection.Transport);
        long sent = 0;
        long received = 0;
        string? problem = null;
        try
        {
            using var socket = await SafeConnector.ConnectAnyAsync(resolution.Endpoints, connection.ConnectionClosed).ConfigureAwait(false);
            await using var upstream = new NetworkStream(socket, ownsSocket: false);
            var up = CopyAsync(client, upstream, n => Interlocked.Add(ref sent, n), () => socket.Shutdown(SocketShutdown.Send));
            var down = CopyAsync(upstream, client, n => Interlocked.Add(ref received, n), () => connection.Transport.Output.Complete());
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or HttpRequestException or OperationCanceledException or ConnectionResetException)
        {
            problem = e.Message;
            Logging.Log.RawTunnelEnded(proxy.Logger, proxy.Redact(connect.Host), connect.Port, proxy.Redact(e.Message));
        }

        AuditConnect(started, startTimestamp, connect, decision, 200, Interlocked.Read(ref sent), Interlocked.Read(ref received), NetworkLogEntry.TlsTunneled, problem);
    }

    private static async Task CopyAsync(Stream from, Stream to, Action<int> count, Action done)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                await to.FlushAsync().ConfigureAwait(false);
                count(n);
            }
        }
        finally
        {
            try
            {
                done();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // the other side is already gone
            }
        }
    }
}
