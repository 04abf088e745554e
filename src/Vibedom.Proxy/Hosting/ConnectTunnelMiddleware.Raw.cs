using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

internal sealed partial class ConnectTunnelMiddleware
{
    /// <summary>
    /// Relays bytes both ways, unread (git over SSH); allowed only by an explicit host:port entry. The client's first
    /// bytes are looked at before any is relayed: TLS or HTTP of its own (end to end, past DLP and the audit of
    /// content) closes the tunnel instead (<see cref="RawTunnelOpening"/>).
    /// </summary>
    private async Task RelayRawAsync(ConnectionContext connection, ConnectRequest connect, Exchange exchange)
    {
        exchange.Tls = NetworkLogEntry.TlsTunneled;
        var resolution = await proxy.Resolver.ResolveAsync(connect.Host, connect.Port, connection.ConnectionClosed).ConfigureAwait(false);
        if (resolution.Endpoints.Count == 0)
        {
            exchange.Stop(PolicyDecision.Deny(PrivateAddressStage.Rule, 403, resolution.Problem!));
            return;
        }

        if (!await exchange.AnnounceAsync().ConfigureAwait(false))
        {
            return; // its line could not be written: nothing is relayed
        }

        var client = new DuplexPipeStream(connection.Transport);
        long sent = 0;
        long received = 0;
        string? problem = null;
        string? opening = null;
        HostKeyGate? hostKey = null;
        try
        {
            using var socket = await SafeConnector.ConnectAnyAsync(resolution.Endpoints, connection.ConnectionClosed).ConfigureAwait(false);
            await using var upstream = new NetworkStream(socket, ownsSocket: false);
            var gate = hostKey = HostKeyCheck(connect, socket);
            var up = RelayClientAsync();
            var down = CopyAsync(upstream, client, n => Interlocked.Add(ref received, n), () => connection.Transport.Output.Complete(), gate.Inspect);
            await Task.WhenAll(up, down).ConfigureAwait(false);

            async Task RelayClientAsync()
            {
                opening = await OpeningRefusalAsync(connection, connect).ConfigureAwait(false);
                if (opening is null)
                {
                    await CopyAsync(client, upstream, n => Interlocked.Add(ref sent, n), () => socket.Shutdown(SocketShutdown.Send), observe: gate.Observe).ConfigureAwait(false);
                    return;
                }

                socket.Shutdown(SocketShutdown.Both); // nothing the client sent reaches the server
            }
        }
        catch (Exception e) when (e is IOException or SocketException or HttpRequestException or OperationCanceledException or ConnectionResetException)
        {
            problem = e.Message;
            Logging.Log.RawTunnelEnded(proxy.Logger, proxy.Redact(connect.Host), connect.Port, proxy.Redact(e.Message));
        }

        if ((opening ?? hostKey?.Refusal) is { } refusal)
        {
            // the refusal, not the broken pipe it caused, is what the line says
            problem = null;
            exchange.Note(refusal);
            Logging.Log.RawTunnelEnded(proxy.Logger, proxy.Redact(connect.Host), connect.Port, refusal);
        }

        exchange.BytesOut = Interlocked.Read(ref sent);
        exchange.BytesIn = Interlocked.Read(ref received);
        if (problem is not null)
        {
            exchange.Note(problem);
        }
    }

    /// <summary>Null when the client's first bytes may be relayed (they stay unread in the pipe); else why not.</summary>
    private static async Task<string?> OpeningRefusalAsync(ConnectionContext connection, ConnectRequest connect)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
            var kind = RawTunnelOpening.Classify(result.Buffer, result.IsCompleted);
            if (kind == RawTunnelOpening.Kind.NeedMore)
            {
                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                continue;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.Start);
            var what = kind switch
            {
                RawTunnelOpening.Kind.Tls => "TLS",
                RawTunnelOpening.Kind.Http => "an HTTP request",
                _ => null,
            };
            return what is null
                ? null
                : $"{connect.Host}:{connect.Port}: the client sent {what} inside a raw tunnel; TLS and HTTP go through interception only: tunnel closed";
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, Action<int> count, Action done, Func<ReadOnlyMemory<byte>, bool>? forwardedThenStop = null, Action<ReadOnlyMemory<byte>>? observe = null)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                observe?.Invoke(buffer.AsMemory(0, n));
                await to.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                await to.FlushAsync().ConfigureAwait(false);
                count(n);
                if (forwardedThenStop?.Invoke(buffer.AsMemory(0, n)) == true)
                {
                    break;
                }
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
