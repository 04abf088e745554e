using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// Verifies upstream server certificates: the host store first; if only the chain failed, a
/// second chain against the <c>upstream_ca</c> roots. Name mismatches are never accepted and
/// verification is never switched off.
/// </summary>
internal sealed class UpstreamCertificateValidator(X509Certificate2Collection extraRoots)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || extraRoots.Count == 0 || certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf);
    }
}
