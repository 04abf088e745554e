using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;

namespace Vibedom.Proxy.Tls;

/// <summary>
/// Leaf certificates per host, minted on first use from the CA with one P-256 key per
/// process, cached as ready <see cref="SslStreamCertificateContext"/>s (bounded).
/// </summary>
internal sealed class LeafCertificateCache : IDisposable
{
    private const int Capacity = 1024;

    private readonly CertificateAuthority _authority;
    private readonly TimeProvider _timeProvider;
    private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, Lazy<SslStreamCertificateContext>> _contexts = new(StringComparer.Ordinal);

    public LeafCertificateCache(CertificateAuthority authority, TimeProvider timeProvider)
    {
        _authority = authority;
        _timeProvider = timeProvider;
    }

    public SslStreamCertificateContext Get(string host)
    {
        if (_contexts.Count >= Capacity && !_contexts.ContainsKey(host))
        {
            _contexts.Clear();
        }

        return _contexts.GetOrAdd(host, h => new Lazy<SslStreamCertificateContext>(() => Create(h))).Value;
    }

    public void Dispose() => _leafKey.Dispose();

    private SslStreamCertificateContext Create(string host)
    {
        var leaf = _authority.MintLeaf(host, _leafKey, _timeProvider.GetUtcNow());
        return SslStreamCertificateContext.Create(leaf, [_authority.Certificate], offline: true);
    }
}
