using System.Net;
using System.Net.Sockets;
using System.Text;
using Vibedom.Core.Processes;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// Listeners on this host only (loopback, its own interface addresses, Unix sockets) that count
/// what reaches them and answer "HTTP 200 &lt;tag&gt; &lt;request line&gt;". Tests never contact anything else.
/// </summary>
internal sealed class HostServers : IAsyncDisposable
{
    private readonly List<Socket> _listeners = [];
    private readonly List<UdpClient> _udp = [];
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;
    private readonly byte[] _canary = Guid.NewGuid().ToByteArray();
    private int _datagrams;
    private int _canaries;

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Datagrams the UDP servers received, the canaries of <see cref="FlushDatagramsAsync"/> not counted.</summary>
    public int Datagrams => Volatile.Read(ref _datagrams);

    /// <summary>
    /// Sends one datagram from this host to every UDP server and waits until each has arrived: whatever was sent
    /// to them before (by a sandbox that has ended) has been counted by then. An event, not a pause, so a test
    /// asserting that nothing arrived can fail.
    /// </summary>
    public async Task FlushDatagramsAsync()
    {
        var expected = Volatile.Read(ref _canaries) + _udp.Count;
        foreach (var server in _udp)
        {
            using var sender = new UdpClient(server.Client.AddressFamily);
            await sender.SendAsync(_canary, (IPEndPoint)server.Client.LocalEndPoint!, TestContext.Current.CancellationToken);
        }

        for (var i = 0; i < 600 && Volatile.Read(ref _canaries) < expected; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(Volatile.Read(ref _canaries) >= expected, "the host's own datagrams did not arrive in 30 s");
    }

    /// <summary>This host's own addresses (from <c>ip -o addr</c>), loopback included, link-local excluded.</summary>
    public static async Task<IReadOnlyList<IPAddress>> HostAddressesAsync()
    {
        var result = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ip", "-o", "addr"));
        var addresses = new List<IPAddress>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var index = Array.FindIndex(parts, p => p is "inet" or "inet6");
            if (index >= 0 && IPAddress.TryParse(parts[index + 1].Split('/')[0], out var address) && !address.IsIPv6LinkLocal)
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    /// <summary>Starts a TCP listener on <paramref name="address"/> (any free port) and returns its endpoint.</summary>
    public IPEndPoint ListenTcp(IPAddress address, string tag = "HOST")
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen(16);
        _listeners.Add(socket);
        _ = AcceptLoopAsync(socket, tag);
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint ListenUdp(IPAddress address)
    {
        var client = new UdpClient(new IPEndPoint(address, 0));
        _udp.Add(client);
        _ = ReceiveLoopAsync(client);
        return (IPEndPoint)client.Client.LocalEndPoint!;
    }

    /// <summary>A listening Unix socket at <paramref name="path"/> (mode 0666, as docker.sock is reachable by its group).</summary>
    public void ListenUnix(string path, string tag = "UNIX")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        socket.Listen(16);
        _listeners.Add(socket);
        _ = AcceptLoopAsync(socket, tag);
    }

    private async Task AcceptLoopAsync(Socket listener, string tag)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                _ = AnswerAsync(client, tag);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AnswerAsync(Socket client, string tag)
    {
        using (client)
        {
            try
            {
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await client.ReceiveAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                var body = $"{tag} {received.ToString().Split("\r\n")[0]}\n";
                var response = $"HTTP/1.1 200 OK\r\nContent-Length: {Encoding.ASCII.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
                await client.SendAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
            }
        }
    }

    private async Task ReceiveLoopAsync(UdpClient client)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await client.ReceiveAsync(_stop.Token);
                Interlocked.Increment(ref received.Buffer.AsSpan().SequenceEqual(_canary) ? ref _canaries : ref _datagrams);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _listeners)
        {
            socket.Dispose();
        }

        foreach (var client in _udp)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }
}
