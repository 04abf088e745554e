using Vibedom.Proxy.Tls;

namespace Vibedom.Cli.Commands;

/// <summary>Creates the local CA for TLS interception (ca.crt, ca.key 0600) when missing; never overwrites.</summary>
internal static class CaFactory
{
    public static Action<string, string> Create(TimeProvider time) =>
        (certificate, _) => CertificateAuthority.EnsureCreated(Path.GetDirectoryName(certificate)!, time);
}
