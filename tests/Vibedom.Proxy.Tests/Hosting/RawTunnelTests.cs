using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// A raw tunnel (an explicit host:port entry) relays protocols the proxy cannot read, never TLS or HTTP of the
/// client's own: a client that waits out the server-speaks-first second and then opens TLS or sends a request gets
/// the tunnel closed, and the server receives none of it.
/// </summary>
public sealed class RawTunnelTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    [Fact]
    public async Task A_client_hello_sent_after_the_wait_closes_the_tunnel_and_never_reaches_the_server()
    {
        using var server = new RecordingServer(banner: null);
        await using var proxy = await StartAsync(server.Port);
        using var client = await ConnectAsync(proxy, server.Port);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken); // past the server-speaks-first wait

        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: true, (_, _, _, _) => true);
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "raw.test" }, TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(NetworkLogEntry.TlsTunneled, line.Tls);
        Assert.Contains("the client sent TLS inside a raw tunnel", line.Reason, StringComparison.Ordinal);
        Assert.Equal(0L, line.BytesOut);
        Assert.Equal(0, await server.ReceivedAsync());
    }

    [Fact]
    public async Task An_http_request_sent_after_the_wait_closes_the_tunnel_and_never_reaches_the_server()
    {
        using var server = new RecordingServer(banner: null);
        await using var proxy = await StartAsync(server.Port);
        using var client = await ConnectAsync(proxy, server.Port);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /exfil HTTP/1.1\r\nHost: raw.test\r\nContent-Length: 2\r\n\r\nhi"), TestContext.Current.CancellationToken);
        Assert.Equal(0, await ReadToEndAsync(stream));

        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains("the client sent an HTTP request inside a raw tunnel", line.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await server.ReceivedAsync());
    }

    [Fact]
    public async Task Server_speaks_first_protocols_still_relay_both_ways()
    {
        using var server = new RecordingServer(banner: "220 mail.test ESMTP\r\n");
        await using var proxy = await StartAsync(server.Port);
        using var client = await ConnectAsync(proxy, server.Port);
        var stream = client.GetStream();

        var banner = new byte["220 mail.test ESMTP\r\n".Length];
        await stream.ReadExactlyAsync(banner, TestContext.Current.CancellationToken);
        var hello = "EHLO client.test\r\n"u8.ToArray();
        await stream.WriteAsync(hello, TestContext.Current.CancellationToken);
        var echoed = new byte[hello.Length];
        await stream.ReadExactlyAsync(echoed, TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(hello, echoed);
        client.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal(hello.Length, await server.ReceivedAsync());
    }

    private Task<ProxyUnderTest> StartAsync(int port) =>
        ProxyUnderTest.StartAsync(upstream, $"raw.test:{port}\n",
            adjust: o => o with { Hosts = new Dictionary<string, string>(o.Hosts) { ["raw.test"] = "127.0.0.1" } });

    private static async Task<TcpClient> ConnectAsync(ProxyUnderTest proxy, int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Handle.LoopbackEndPoint!.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT raw.test:{port} HTTP/1.1\r\nHost: raw.test:{port}\r\n\r\n"));
        var established = new byte["HTTP/1.1 200 Connection Established\r\n\r\n".Length];
        await stream.ReadExactlyAsync(established).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(established), StringComparison.Ordinal);
        return client;
    }

    private static async Task<int> ReadToEndAsync(NetworkStream stream)
    {
        var total = 0;
        var buffer = new byte[1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10))) > 0)
            {
                total += n;
            }
        }
        catch (IOException)
        {
        }

        return total;
    }

    /// <summary>One connection: writes its banner (if any), echoes and counts every byte it receives until the peer closes.</summary>
    private sealed class RecordingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task<int> _received;

        public RecordingServer(string? banner)
        {
            _listener.Start();
            _received = Task.Run(async () =>
            {
                using var peer = await _listener.AcceptTcpClientAsync();
                var stream = peer.GetStream();
                if (banner is not null)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(banner));
                }

                var total = 0;
                var buffer = new byte[4096];
                try
                {
                    int n;
                    while ((n = await stream.ReadAsync(buffer)) > 0)
                    {
                        total += n;
                        await stream.WriteAsync(buffer.AsMemory(0, n));
                    }
                }
                catch (IOException)
                {
                }

                return total;
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<int> ReceivedAsync() => _received.WaitAsync(TimeSpan.FromSeconds(10));

        public void Dispose() => _listener.Stop();
    }
}
