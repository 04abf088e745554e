using System.Net;
using System.Net.Sockets;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// <see cref="SocketsHttpHandler.ConnectCallback"/>: connects only to addresses the egress
/// resolver approved (overrides applied, private ranges refused), so a DNS answer cannot slip
/// a private address past the policy between check and connect.
/// </summary>
internal sealed class SafeConnector(EgressResolver resolver)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = context.DnsEndPoint;
        var resolution = await resolver.ResolveAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
        if (resolution.Endpoints.Count == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, resolution.Problem);
        }

        var socket = await ConnectAnyAsync(resolution.Endpoints, cancellationToken).ConfigureAwait(false);
        return new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<Socket> ConnectAnyAsync(IReadOnlyList<IPEndPoint> endpoints, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var endpoint in endpoints)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e)
            {
                last = e;
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, last?.Message ?? "no address", last);
    }
}
