namespace Vibedom.Proxy.Hosting;

/// <summary>The proxy of a foreground run: checked now, started at the sandbox's first connection.</summary>
public static partial class EgressProxy
{
    /// <summary>
    /// Validates everything as <see cref="StartAsync"/> does (throwing <see cref="ProxyConfigurationException"/>
    /// with every problem, having started nothing), then listens on <see cref="ProxyOptions.UnixSocketPath"/> at
    /// once and starts Kestrel only when a first connection is pending: a run whose agent makes no request never
    /// starts the web host (most of the proxy's start-up cost). Needs a Unix socket and no loopback port.
    /// </summary>
    public static async Task<ProxyHandle> StartOnFirstConnectionAsync(ProxyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UnixSocketPath is not { } socket || options.LoopbackPort is not null)
        {
            throw new ArgumentException("a deferred start needs a Unix socket and no loopback port", nameof(options));
        }

        await Task.Run(() => ValidatedOptions.Check(options), cancellationToken).ConfigureAwait(false);
        options = WithCredentialsKnown(options);
        var redaction = new Logging.AuditLine(options.KnownSecrets, options.TimeProvider);
        var logger = Logging.DiagnosticsLoggerFactory.For(options.Diagnostics, redaction.Redact).CreateLogger("Vibedom.Proxy");
        var gate = FirstConnectionGate.Open(
            socket,
            handle => StartAsync(options with { UnixSocketPath = null, ListenHandle = handle, ListenHandlePath = socket }, CancellationToken.None),
            logger);
        return new ProxyHandle(socket, null, () => gate.AuditLogHealthy, () => gate.NetworkLogLimitReached, gate.DisposeAsync);
    }
}
