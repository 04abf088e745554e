using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vibedom.Testing.Network;

/// <summary>A CA minted at run time for the loopback upstream servers, plus their server certificate.</summary>
public sealed class TestPki : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki(string directory, params string[] names)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var caRequest = new CertificateRequest("CN=vibedom test upstream CA", _caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        CaPemPath = Path.Combine(directory, "upstream-ca.pem");
        File.WriteAllText(CaPemPath, Ca.ExportCertificatePem());

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + names[0], leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        using var signed = request.Create(Ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4, 5, 6, 7, 8]);
        ServerCertificate = signed.CopyWithPrivateKey(leafKey);
    }

    public X509Certificate2 Ca { get; }

    public string CaPemPath { get; }

    public X509Certificate2 ServerCertificate { get; }

    public void Dispose()
    {
        Ca.Dispose();
        ServerCertificate.Dispose();
        _caKey.Dispose();
    }
}
