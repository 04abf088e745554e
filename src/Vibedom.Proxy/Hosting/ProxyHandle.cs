using System.Net;

namespace Vibedom.Proxy.Hosting;

/// <summary>A running proxy. Dispose to stop it; disposal flushes <c>network.jsonl</c> and reports a failed log.</summary>
public sealed class ProxyHandle : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;
    private int _disposed;

    private readonly Func<bool> _auditHealthy;
    private readonly Func<string?> _limitReached;

    internal ProxyHandle(string? unixSocketPath, IPEndPoint? loopbackEndPoint, Func<bool> auditHealthy, Func<string?> limitReached, Func<ValueTask> stop)
    {
        _auditHealthy = auditHealthy;
        _limitReached = limitReached;
        UnixSocketPath = unixSocketPath;
        LoopbackEndPoint = loopbackEndPoint;
        _stop = stop;
    }

    /// <summary>The Unix socket the proxy listens on, or null.</summary>
    public string? UnixSocketPath { get; }

    /// <summary>The bound 127.0.0.1 endpoint, or null.</summary>
    public IPEndPoint? LoopbackEndPoint { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> for HTTP_PROXY, or null without a TCP listener.</summary>
    public Uri? LoopbackProxyUri => LoopbackEndPoint is null ? null : new Uri($"http://127.0.0.1:{LoopbackEndPoint.Port}");

    /// <summary>The pool Kestrel's sockets and the TLS pipes draw on (null for a deferred start until it starts); for tests.</summary>
    internal LargeBlockMemoryPool? Pool { get; init; }

    /// <summary>False once network.jsonl could not be written or reached its limit: from then on every request is refused with 503.</summary>
    public bool AuditLogHealthy => _auditHealthy();

    /// <summary>Once network.jsonl reached its limit (<see cref="ProxyOptions.NetworkLogLimit"/>): why egress stopped, in a sentence.</summary>
    public string? NetworkLogLimitReached => _limitReached();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _stop().ConfigureAwait(false);
        }
    }
}
