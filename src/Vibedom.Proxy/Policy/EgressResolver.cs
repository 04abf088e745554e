using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Resolves a host for egress: <c>[network.hosts]</c> overrides, IP literals, else DNS (cached
/// 30 s), then drops every private address not covered by <c>allow_private</c>.
/// </summary>
internal sealed class EgressResolver
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyDictionary<string, HostOverride> _overrides;
    private readonly IReadOnlyList<IpNetwork> _allowPrivate;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, (IPAddress[] Addresses, long At)> _dns = new(StringComparer.Ordinal);

    public EgressResolver(IReadOnlyDictionary<string, HostOverride> overrides, IReadOnlyList<IpNetwork> allowPrivate, TimeProvider timeProvider)
    {
        _overrides = overrides;
        _allowPrivate = allowPrivate;
        _timeProvider = timeProvider;
    }

    public async ValueTask<Resolution> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        var name = HostName.Normalize(host);
        IPAddress[] addresses;
        if (_overrides.TryGetValue(name, out var pinned))
        {
            addresses = [pinned.Address];
            port = pinned.Port ?? port;
        }
        else if (HostName.ParseAddress(name) is { } literal)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await LookupAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                return new Resolution([], $"cannot resolve {name}: {e.SocketErrorCode}", ResolveFailed: true);
            }
        }

        var allowed = new List<IPEndPoint>(addresses.Length);
        string? refused = null;
        foreach (var address in addresses)
        {
            var kind = PrivateAddresses.Classify(address);
            if (kind is null || _allowPrivate.Any(n => n.Contains(address)))
            {
                allowed.Add(new IPEndPoint(address, port));
            }
            else
            {
                refused ??= $"{name} resolves to {address} ({kind}), which allow_private does not list";
            }
        }

        return allowed.Count > 0
            ? new Resolution(allowed, null, false)
            : new Resolution([], refused ?? $"{name} has no address", ResolveFailed: refused is null);
    }

    private async ValueTask<IPAddress[]> LookupAsync(string name, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetTimestamp();
        if (_dns.TryGetValue(name, out var cached) && _timeProvider.GetElapsedTime(cached.At, now) < CacheLifetime)
        {
            return cached.Addresses;
        }

        var addresses = await Dns.GetHostAddressesAsync(name, cancellationToken).ConfigureAwait(false);
        _dns[name] = (addresses, now);
        return addresses;
    }
}
