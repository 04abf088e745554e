using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// The proxy's Unix socket, bound and listening before the sandbox starts, with Kestrel started only when the
/// first connection is pending: a sandbox that makes no request never pays for the web host. Connections made
/// meanwhile wait in the socket's backlog and are served by Kestrel, which takes the listening socket over.
/// If the start fails, the socket is removed and the failure logged: the sandbox has no network (fail closed).
/// </summary>
internal sealed class FirstConnectionGate : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly Socket _listener;
    private readonly string _path;
    private readonly Func<ulong, Task<ProxyHandle>> _start;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task<ProxyHandle?>? _started;
    private bool _closed;

    private FirstConnectionGate(Socket listener, string path, Func<ulong, Task<ProxyHandle>> start, ILogger logger)
    {
        _listener = listener;
        _path = path;
        _start = start;
        _logger = logger;
    }

    /// <summary>Binds <paramref name="path"/> (mode 0666) and waits, on a thread of its own, for a first connection.</summary>
    public static FirstConnectionGate Open(string path, Func<ulong, Task<ProxyHandle>> start, ILogger logger)
    {
        if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.Normal) == 0)
        {
            File.Delete(path); // a stale socket of a crashed run
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(512);
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var gate = new FirstConnectionGate(listener, path, start, logger);
        new Thread(gate.WaitForFirstConnection) { IsBackground = true, Name = "vibedom proxy gate" }.Start();
        return gate;
    }

    /// <summary>True once the proxy was started and its network log could not be written.</summary>
    public bool AuditLogHealthy => _started is not { IsCompletedSuccessfully: true } started || started.Result?.AuditLogHealthy != false;

    /// <summary>Why egress stopped once the started proxy's network log reached its limit; null until then.</summary>
    public string? NetworkLogLimitReached => _started is { IsCompletedSuccessfully: true } started ? started.Result?.NetworkLogLimitReached : null;

    private void WaitForFirstConnection()
    {
        try
        {
            while (!_listener.Poll(PollInterval, SelectMode.SelectRead))
            {
                lock (_lock)
                {
                    if (_closed)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return; // closed while waiting
        }

        lock (_lock)
        {
            if (!_closed)
            {
                _started = StartAsync();
            }
        }
    }

    private async Task<ProxyHandle?> StartAsync()
    {
        // Kestrel owns the listening socket from here on and closes it when it stops
        var handle = (ulong)_listener.SafeHandle.DangerousGetHandle();
        _listener.SafeHandle.SetHandleAsInvalid();
        try
        {
            return await _start(handle).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unlink();
            Logging.Log.DeferredStartFailed(_logger, _path, e.GetBaseException().Message);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<ProxyHandle?>? started;
        lock (_lock)
        {
            _closed = true;
            started = _started;
        }

        if (started is null)
        {
            _listener.Dispose();
            Unlink();
            return;
        }

        if (await started.ConfigureAwait(false) is { } proxy)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            Unlink();
        }
    }

    private void Unlink()
    {
        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
