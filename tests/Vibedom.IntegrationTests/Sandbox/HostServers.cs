using System.Net;
using System.Net.Sockets;
using System.Text;
using Vibedom.Core.Processes;

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
    private int _datagrams;

    public int Accepted => Volatile.Read(ref _accepted);

    public int Datagrams => Volatile.Read(ref _datagrams);

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
                await client.ReceiveAsync(_stop.Token);
                Interlocked.Increment(ref _datagrams);
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
