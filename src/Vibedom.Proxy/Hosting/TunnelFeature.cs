using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>Set on a connection after an accepted CONNECT: every request on it goes to this host and port.</summary>
internal sealed class TunnelFeature(string host, int port, bool tls, string? sni, AllowlistEntry? entry)
{
    private int _requests;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public bool Tls { get; } = tls;

    public string? Sni { get; } = sni;

    public AllowlistEntry? Entry { get; } = entry;

    public int Requests => Volatile.Read(ref _requests);

    public void CountRequest() => Interlocked.Increment(ref _requests);
}
