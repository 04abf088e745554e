using Microsoft.Extensions.DependencyInjection;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tls;
using Vibedom.Proxy.WebSockets;
using Yarp.ReverseProxy.Forwarder;

namespace Vibedom.Proxy.Hosting;

/// <summary>Starts vibedom's egress proxy (Kestrel + YARP) in this process.</summary>
public static partial class EgressProxy
{
    /// <summary>
    /// Validates everything (allowlist, CA, upstream CAs, overrides, ranges), then listens.
    /// Throws <see cref="ProxyConfigurationException"/> with every problem, having started nothing.
    /// </summary>
    public static async Task<ProxyHandle> StartAsync(ProxyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = WithCredentialsKnown(options);
        var lines = new AuditLine(options.KnownSecrets, options.TimeProvider);
        // most diagnostics are fed by what the agent does, and they reach session.log: folded and bounded
        var budget = options.Diagnostics is { } sink ? new DiagnosticsBudget(sink, options.DiagnosticsLimit, options.TimeProvider) : null;
        var diagnostics = DiagnosticsLoggerFactory.For(budget, lines.Redact);
        var logger = diagnostics.CreateLogger("Vibedom.Proxy");
        // Checking the configuration (CA and allowlist parsing, first use of OpenSSL) runs while
        // the host is built: start-up sits on the `vibedom run` path.
        var validation = Task.Run(() => ValidatedOptions.Validate(options), cancellationToken);
        // every audit line passes the redactor: its rules compile meanwhile (once per process)
        _ = Task.Run(() => Scanning.Redaction.Redactor.Default, CancellationToken.None);
        var slot = new ProxySlot();
        var app = Build(options, slot, diagnostics);
        ValidatedOptions validated;
        try
        {
            validated = await validation.ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        AllowlistSource? allowlist = null;
        LeafCertificateCache? leaves = null;
        NetworkLog? networkLog = null;
        HttpMessageInvoker? invoker = null;
        try
        {
            allowlist = new AllowlistSource(options.AllowlistPath, validated.Allowlist, options.WatchAllowlist, logger, options.TimeProvider, validated.SessionAllowlist);
            var resolver = new EgressResolver(validated.Hosts, validated.AllowPrivate, options.TimeProvider);
            leaves = new LeafCertificateCache(validated.Authority, options.TimeProvider);
            networkLog = new NetworkLog(options.NetworkLogPath, logger, options.NetworkLogLimit, options.TimeProvider);
            var log = networkLog;
            var dlp = DlpTransforms.Create(options.Dlp, options.Credentials.Select(c => c.Sentinel), logger);
            var webSockets = options.Dlp?.WebSockets ?? WebSocketMode.Relay;
            var transforms = new TransformPipeline(
                [.. EgressStages.Create(() => log.Refusal, allowlist, resolver, webSockets), .. dlp.Request, .. options.RequestTransforms, .. CredentialTransforms.Request(options.Credentials)],
                [.. dlp.Response, .. options.ResponseTransforms, .. CredentialTransforms.Response(options.Credentials)]);
            slot.Context = new ProxyContext(transforms, resolver, leaves, networkLog, lines, logger)
            {
                SshKnownHostsPath = options.SshKnownHostsPath,
                Open = new OpenLimit(options.ConnectionLimit, logger),
                WebSockets = webSockets == WebSocketMode.Relay
                    ? new WebSocketRelay(dlp.Engines, options.Credentials.Count == 0 ? null : new CredentialBindings(options.Credentials),
                        [.. options.Credentials.Select(c => c.Sentinel)], options.WebSocketMessageLimit, options.WebSocketIdleTimeout, logger)
                    : null,
            };
            invoker = new HttpMessageInvoker(CreateHandler(resolver, validated));
            slot.Tunnel = new ConnectTunnelMiddleware(slot.Context, slot.Pool);
            slot.Handler = new ProxyRequestHandler(slot.Context, app.Services.GetRequiredService<IHttpForwarder>(), invoker);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                var where = options.UnixSocketPath ?? $"127.0.0.1:{options.LoopbackPort}";
                throw new ProxyConfigurationException($"{where}: listen-failed: {e.GetBaseException().Message}", e);
            }

            if (options.UnixSocketPath is { } socket && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(socket, (UnixFileMode)0b110_110_110);
            }

            var loopback = LoopbackEndPoint(app);
            // a deferred start listens on a handle: name its socket, or session.log says "listening on " and nothing
            var socketName = options.UnixSocketPath ?? (options.ListenHandlePath is { } path ? $"{path} (started at its first connection)" : null);
            Log.Listening(logger, string.Join(", ", new[] { socketName, loopback?.ToString() }.Where(e => e is not null)));
            var (a, l, n, i, w, v) = (allowlist, leaves, networkLog, invoker, app, validated);
            var handle = new ProxyHandle(options.UnixSocketPath, loopback, () => n.IsHealthy, () => n.LimitReached, async () =>
            {
                try
                {
                    await w.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    await w.DisposeAsync().ConfigureAwait(false);
                }
                finally
                {
                    a.Dispose();
                    i.Dispose();
                    l.Dispose();
                    v.Authority.Dispose();
                    await n.DisposeAsync().ConfigureAwait(false);
                    budget?.Close();
                }
            })
            {
                Pool = slot.Pool,
            };
            return handle;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            allowlist?.Dispose();
            invoker?.Dispose();
            leaves?.Dispose();
            validated.Authority.Dispose();
            if (networkLog is not null)
            {
                await networkLog.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The credentials' real values are secrets every record is redacted of, like the pre-flight's.</summary>
    private static ProxyOptions WithCredentialsKnown(ProxyOptions options)
    {
        if (options.Credentials.Count == 0)
        {
            return options;
        }

        var known = options.KnownSecrets ?? new Scanning.Redaction.KnownSecrets();
        known.Add(options.Credentials.Select(c => c.Value));
        return options with { KnownSecrets = known };
    }
}
