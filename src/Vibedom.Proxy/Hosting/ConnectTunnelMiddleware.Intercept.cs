using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Hosting;

/// <summary>TLS interception of an allowed tunnel: a leaf for the CONNECT host, then Kestrel serves h1/h2 inside.</summary>
internal sealed partial class ConnectTunnelMiddleware
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>
    /// Decrypted reads and writes in 32 KiB blocks of the proxy's pool (the defaults, 4 KiB, made a 60 KB body 15 reads
    /// and 15 TLS records); a zero-byte read first, so an idle tunnel holds no block.
    /// </summary>
    private StreamPipeReaderOptions ReaderOptions => new(pool, LargeBlockMemoryPool.BlockSize, LargeBlockMemoryPool.BlockSize / 16, leaveOpen: true, useZeroByteReads: true);

    private StreamPipeWriterOptions WriterOptions => new(pool, LargeBlockMemoryPool.BlockSize, leaveOpen: true);

    private async Task InterceptAsync(ConnectionContext connection, ConnectRequest connect, Exchange exchange, ConnectionDelegate next)
    {
        var decision = exchange.Decision;
        var original = connection.Transport;
        var ssl = new SslStream(new DuplexPipeStream(original), leaveInnerStreamOpen: false);
        await using (ssl.ConfigureAwait(false))
        {
            var options = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = proxy.Leaves.Get(connect.Host),
                ApplicationProtocols = Alpn,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
            };
            try
            {
                using var timeout = new CancellationTokenSource(HandshakeTimeout, proxy.TimeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed);
                await ssl.AuthenticateAsServerAsync(options, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
            {
                Logging.Log.ClientHandshakeFailed(proxy.Logger, proxy.Redact(connect.Host), proxy.Redact(e.Message));
                exchange.Note("client TLS handshake failed: " + e.GetBaseException().Message);
                return;
            }

            var tunnel = new TunnelFeature(connect.Host, connect.Port, tls: true, ssl.TargetHostName, decision.Entry);
            var tls = new InterceptedTlsFeature(ssl.NegotiatedApplicationProtocol.Protocol);
            connection.Transport = new DuplexPipe(PipeReader.Create(ssl, ReaderOptions), PipeWriter.Create(ssl, WriterOptions));
            connection.Features.Set<ITlsConnectionFeature>(tls);
            connection.Features.Set<ITlsApplicationProtocolFeature>(tls);
            connection.Features.Set(tunnel);
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                connection.Transport = original;
                EndUnlessRequestsWereSent(exchange, tunnel);
            }
        }
    }
}
