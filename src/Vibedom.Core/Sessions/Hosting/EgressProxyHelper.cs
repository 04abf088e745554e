using Vibedom.Proxy.Hosting;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// The session's egress proxy as a helper. Started <paramref name="deferred"/> (a foreground run): its checks run and
/// its socket listens at once, Kestrel starts at the first connection. The values it must never record reach it
/// through <see cref="SecretRedactor.Known"/>, also after it started (the pre-flight scan runs meanwhile).
/// </summary>
public sealed class EgressProxyHelper(Session session, ProxyOptions options, bool deferred, Action<string> notice) : ISessionHelper
{
    private ProxyHandle? _proxy;

    public string Name => "egress proxy";

    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        _proxy = deferred
            ? await EgressProxy.StartOnFirstConnectionAsync(options, cancellationToken).ConfigureAwait(false)
            : await EgressProxy.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return deferred
            ? $"Egress proxy listening on {_proxy.UnixSocketPath} (allowlist {options.AllowlistPath}; it starts at the first connection)"
            : $"Egress proxy listening on {_proxy.UnixSocketPath} (session host process {Environment.ProcessId})";
    }

    /// <summary>
    /// A network.jsonl that could not be written (a full disk) refused egress from then on; said once, the session still
    /// ends normally. One that reached <c>[limits] network_log</c> is a limit reached (session.log and the summary).
    /// </summary>
    public async Task StopAsync()
    {
        if (_proxy is not { } proxy)
        {
            return;
        }

        _proxy = null;
        try
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            session.Log.Info("Egress proxy stopped");
            if (proxy.NetworkLogLimitReached is { } reached)
            {
                session.NoteLimitsReached([reached]);
            }
        }
        catch (IOException e)
        {
            notice($"{e.Message}; every request from then on was refused");
            session.Log.Error($"Egress proxy stopped: {e.Message}; every request from then on was refused");
        }
    }
}
