using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Hosting;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// A foreground run's proxy: configuration checked at once, the socket listening at once, Kestrel started at
/// the first connection (a run whose agent makes no request never pays for the web host).
/// </summary>
public sealed class DeferredStartTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Request = "GET http://upstream.test/hello HTTP/1.1\r\nHost: upstream.test\r\nConnection: close\r\n\r\n";

    [Fact]
    public async Task Socket_listens_at_once_and_nothing_else_starts_before_a_connection()
    {
        using var net = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(net.Path, "proxy.sock");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: Unix(socketPath), deferred: true);

        Assert.Equal(socketPath, proxy.Handle.UnixSocketPath);
        Assert.Equal((UnixFileMode)0b110_110_110, File.GetUnixFileMode(socketPath) & (UnixFileMode)0b111_111_111);
        Assert.False(File.Exists(proxy.NetworkLogPath)); // the proxy proper (which opens network.jsonl) has not started
        Assert.True(proxy.Handle.AuditLogHealthy);
    }

    [Fact]
    public async Task Connections_made_before_the_start_are_served_and_logged()
    {
        using var net = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(net.Path, "proxy.sock");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false, adjust: Unix(socketPath), deferred: true);

        // several clients connect at once, one of them hangs up before saying anything: all wait in the backlog
        using (var quitter = await ConnectAsync(socketPath))
        {
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RoundTripAsync(socketPath)));

        Assert.All(responses, r => Assert.StartsWith("HTTP/1.1 200", r, StringComparison.Ordinal));
        Assert.All(responses, r => Assert.Contains("hello from upstream over HTTP/1.1\n", r, StringComparison.Ordinal));
        Assert.Equal(8, (await proxy.LogLinesAsync(8)).Count(e => e.Allowed));
    }

    [Fact]
    public async Task Start_at_the_first_connection_says_which_socket_it_listens_on()
    {
        using var net = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(net.Path, "proxy.sock");
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => Unix(socketPath)(o) with { Diagnostics = ProxyDiagnostics.To(d => messages.Enqueue(d.Message)) }, deferred: true);

        Assert.StartsWith("HTTP/1.1 200", await RoundTripAsync(socketPath), StringComparison.Ordinal);

        // session.log said "proxy: proxy listening on " and nothing more: the handle Kestrel takes over has no name
        Assert.Contains($"proxy listening on {socketPath} (started at its first connection)", messages);
    }

    [Fact]
    public async Task Denied_host_is_still_refused_through_a_deferred_start()
    {
        using var net = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(net.Path, "proxy.sock");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "other.test\n", https: false, adjust: Unix(socketPath), deferred: true);

        var response = await RoundTripAsync(socketPath);

        Assert.StartsWith("HTTP/1.1 403", response, StringComparison.Ordinal);
        Assert.False(Assert.Single(await proxy.LogLinesAsync(1)).Allowed);
    }

    [Fact]
    public async Task Bad_configuration_fails_before_anything_listens()
    {
        using var net = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(net.Path, "proxy.sock");

        var error = await Assert.ThrowsAsync<ProxyConfigurationException>(() =>
            ProxyUnderTest.StartAsync(upstream, "https://example.com\n", adjust: Unix(socketPath), deferred: true));

        Assert.NotEmpty(error.Errors);
        Assert.False(File.Exists(socketPath));
    }

    [Fact]
    public async Task Stopping_before_any_connection_removes_the_socket_and_refuses_later_clients()
    {
        using var net = new TempDirectory("vibedom-net");
        var socketPath = Path.Combine(net.Path, "proxy.sock");
        var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: Unix(socketPath), deferred: true);

        await proxy.DisposeAsync();

        Assert.False(File.Exists(socketPath));
        await Assert.ThrowsAnyAsync<SocketException>(() => ConnectAsync(socketPath));
    }

    private static Func<ProxyOptions, ProxyOptions> Unix(string socketPath) => o => o with { UnixSocketPath = socketPath, LoopbackPort = null };

    private static async Task<Socket> ConnectAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), TestContext.Current.CancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string> RoundTripAsync(string socketPath)
    {
        using var socket = await ConnectAsync(socketPath);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Request), TestContext.Current.CancellationToken);
        return await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync(TestContext.Current.CancellationToken);
    }
}
