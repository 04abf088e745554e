using System.Net.Sockets;

namespace Vibedom.Core.Ssh;

/// <summary>
/// The agent socket the sandbox sees: a relay to the session's ssh-agent that passes only what git needs (list the
/// keys, sign, the session-bind extension) and answers every other request (add, remove, lock, unlock) with
/// failure, so the agent inside can neither drop, replace, lock nor add keys. The socket is 0666 in the network
/// folder, as the proxy's (a root-run sandbox runs as another host uid, which ssh-agent itself would refuse).
/// </summary>
internal sealed partial class AgentRelay : IAsyncDisposable
{
    /// <summary>Requests relayed: SSH_AGENTC_REQUEST_IDENTITIES, SSH_AGENTC_SIGN_REQUEST, SSH_AGENTC_EXTENSION (session-bind@openssh.com).</summary>
    private static readonly byte[] Allowed = [11, 13, Extension];

    private const byte Extension = 27;

    /// <summary>The one extension relayed; any other (query, restrict-destination, a vendor's) fails without reaching the agent.</summary>
    private static ReadOnlySpan<byte> SessionBind => "session-bind@openssh.com"u8;

    /// <summary>ssh-agent's own bound on a message.</summary>
    private const int MaxMessage = 256 * 1024;

    private const int MaxConnections = 64;

    private readonly Socket _listener;
    private readonly Func<CancellationToken, Task<string?>> _agentSocket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    private AgentRelay(Socket listener, Func<CancellationToken, Task<string?>> agentSocket)
    {
        _listener = listener;
        _agentSocket = agentSocket;
        _accepting = Task.Run(AcceptAsync);
    }

    public static AgentRelay Start(string path, string agentSocket) => Start(path, _ => Task.FromResult<string?>(agentSocket));

    /// <summary>
    /// A relay at <paramref name="path"/> to the agent socket <paramref name="agentSocket"/> names when a connection
    /// comes (it may start the agent then); a connection it names none for closes unserved.
    /// </summary>
    public static AgentRelay Start(string path, Func<CancellationToken, Task<string?>> agentSocket)
    {
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new AgentRelay(listener, agentSocket);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                client.Dispose();
                continue;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(client, _stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _connections);
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }
}
