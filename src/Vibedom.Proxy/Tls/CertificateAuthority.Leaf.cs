using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vibedom.Proxy.Tls;

public sealed partial class CertificateAuthority
{
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(397);

    /// <summary>Mints a server leaf for <paramref name="host"/> (DNS name or IP literal) with the given key.</summary>
    internal X509Certificate2 MintLeaf(string host, ECDsa leafKey, DateTimeOffset now)
    {
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + EscapeCn(host)), leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var address))
        {
            san.AddIpAddress(address);
        }
        else
        {
            san.AddDnsName(host);
        }

        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        var notAfter = now.Add(LeafLifetime);
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(Key), now.AddDays(-2), notAfter, serial);
        var withKey = signed.CopyWithPrivateKey(leafKey);
        if (!OperatingSystem.IsWindows())
        {
            return withKey;
        }

        // SChannel needs a persisted key; the PKCS#12 round trip is slow (~25 ms), so only here.
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static string EscapeCn(string host) => host.Replace("\"", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
}
