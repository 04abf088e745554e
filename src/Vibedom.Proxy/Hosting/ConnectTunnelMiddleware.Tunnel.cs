using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

internal sealed partial class ConnectTunnelMiddleware
{
    private const byte TlsHandshakeRecord = 0x16;
    private static readonly TimeSpan ServerSpeaksFirstWait = TimeSpan.FromSeconds(1);
    private const string NoRequestSent = "no request sent";

    private async Task TunnelAsync(ConnectionContext connection, ConnectRequest connect, ConnectionDelegate next)
    {
        var exchange = new Exchange(proxy, ExchangeTarget.ForConnect(connect.Host, connect.Port));
        try
        {
            await TunnelAsync(connection, connect, exchange, next).ConfigureAwait(false);
        }
        finally
        {
            exchange.End(); // once: a no-op when the tunnel's requests had lines of their own
        }
    }

    private async Task TunnelAsync(ConnectionContext connection, ConnectRequest connect, Exchange exchange, ConnectionDelegate next)
    {
        await proxy.ApplyRequestTransformsAsync(exchange, connection.ConnectionClosed).ConfigureAwait(false);
        var decision = exchange.Decision;
        if (exchange.IsStopped)
        {
            await WriteRawAsync(connection, StatusLine(decision.StatusCode), decision.Rule, decision.Reason).ConfigureAwait(false);
            return;
        }

        exchange.Status = 200;

        var input = connection.Transport.Input;
        await connection.Transport.Output.WriteAsync(Established).ConfigureAwait(false);
        var rawAllowed = decision.Entry?.AllowsRawTcp == true;
        ReadResult first;
        using (var wait = new CancellationTokenSource(rawAllowed ? ServerSpeaksFirstWait : HeaderTimeout, proxy.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, connection.ConnectionClosed))
        {
            try
            {
                first = await input.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (rawAllowed && wait.IsCancellationRequested)
            {
                // the client waits for the server to speak (SSH does): relay raw
                await RelayRawAsync(connection, connect, exchange).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                exchange.Note(NoRequestSent);
                return;
            }
        }

        var buffer = first.Buffer;
        input.AdvanceTo(buffer.Start, buffer.Start);
        if (buffer.IsEmpty)
        {
            exchange.Note(NoRequestSent);
            return;
        }

        if (buffer.FirstSpan[0] == TlsHandshakeRecord)
        {
            exchange.Tls = NetworkLogEntry.TlsIntercepted;
            await InterceptAsync(connection, connect, exchange, next).ConfigureAwait(false);
        }
        else if (LooksLikeHttp(buffer.Slice(0, Math.Min(buffer.Length, 18))))
        {
            var tunnel = new TunnelFeature(connect.Host, connect.Port, tls: false, sni: null, decision.Entry);
            connection.Features.Set(tunnel);
            await next(connection).ConfigureAwait(false);
            EndUnlessRequestsWereSent(exchange, tunnel);
        }
        else if (rawAllowed)
        {
            await RelayRawAsync(connection, connect, exchange).ConfigureAwait(false);
        }
        else
        {
            exchange.Tls = NetworkLogEntry.TlsTunneled;
            exchange.Stop(PolicyDecision.Deny("raw-tcp", 403, $"neither TLS nor HTTP; raw TCP needs an explicit '{connect.Host}:{connect.Port}' entry"));
        }
    }

    /// <summary>A tunnel whose requests were served leaves their lines only; one that carried none leaves its own.</summary>
    private static void EndUnlessRequestsWereSent(Exchange exchange, TunnelFeature tunnel)
    {
        if (tunnel.Requests == 0)
        {
            exchange.Note(NoRequestSent);
        }
        else
        {
            exchange.EndWithoutLine();
        }
    }
}
