using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// Tells Kestrel that the connection is TLS with this ALPN result, so it serves HTTP/2 when the
/// client negotiated h2 (the same features Kestrel's own HTTPS middleware sets).
/// </summary>
internal sealed class InterceptedTlsFeature(ReadOnlyMemory<byte> applicationProtocol) : ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    public X509Certificate2? ClientCertificate { get; set; }

    public ReadOnlyMemory<byte> ApplicationProtocol { get; } = applicationProtocol;

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
}
