using Microsoft.Extensions.Hosting;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// Replaces the host's default console lifetime: the proxy lives inside the vibedom process and
/// must not take over Ctrl+C or SIGTERM; its <see cref="ProxyHandle"/> alone stops it.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
