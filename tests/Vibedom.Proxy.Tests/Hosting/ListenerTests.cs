using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>The sandbox's route: a Unix socket reachable by any uid (the forwarder relays bytes to it).</summary>
public sealed class ListenerTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    [Fact]
    public async Task Unix_socket_listener_is_world_connectable_and_proxies()
    {
        using var socketDirectory = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(socketDirectory.Path, "proxy.sock");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: o => o with { UnixSocketPath = socketPath });

        Assert.Equal(socketPath, proxy.Handle.UnixSocketPath);
        Assert.Equal((UnixFileMode)0b110_110_110, File.GetUnixFileMode(socketPath) & (UnixFileMode)0b111_111_111);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), TestContext.Current.CancellationToken);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync("GET http://upstream.test/hello HTTP/1.1\r\nHost: upstream.test\r\nConnection: close\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var response = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("hello from upstream over HTTP/1.1\n", response, StringComparison.Ordinal);
        Assert.True(Assert.Single(await proxy.LogLinesAsync(1)).Allowed);
    }

    [Fact]
    public async Task Stale_socket_file_from_a_crashed_run_is_replaced()
    {
        using var socketDirectory = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(socketDirectory.Path, "proxy.sock");
        await using (await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { UnixSocketPath = socketPath }))
        {
        }

        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(socketPath));
        }

        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { UnixSocketPath = socketPath });
        Assert.True(File.Exists(socketPath));
    }
}
