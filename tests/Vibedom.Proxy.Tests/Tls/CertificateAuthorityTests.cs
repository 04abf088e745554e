using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Vibedom.Proxy.Tls;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Tls;

public sealed class CertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public sealed class EnsureCreated
    {
        [Fact]
        public void Ensure_created_with_no_files_writes_a_P256_CA_with_a_private_key_0600()
        {
            using var home = new TempDirectory();
            var dir = home.Combine("ca");

            var created = CertificateAuthority.EnsureCreated(dir, new FakeTimeProvider(Now));

            Assert.True(created);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "ca.key")));
            using var ca = CertificateAuthority.Load(Path.Combine(dir, "ca.crt"), Path.Combine(dir, "ca.key"));
            Assert.Equal("ECC", ca.Certificate.PublicKey.Oid.FriendlyName);
            Assert.Equal(256, ca.Certificate.GetECDsaPublicKey()!.KeySize);
            Assert.True(ca.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
            Assert.False(ca.Certificate.HasPrivateKey);
        }

        [Fact]
        public void Ensure_created_files_exist_never_overwrites()
        {
            using var home = new TempDirectory();
            var dir = home.Combine("ca");
            CertificateAuthority.EnsureCreated(dir, new FakeTimeProvider(Now));
            var before = File.ReadAllText(Path.Combine(dir, "ca.key"));

            var created = CertificateAuthority.EnsureCreated(dir, new FakeTimeProvider(Now));

            Assert.False(created);
            Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "ca.key")));
        }

        [Fact]
        public void Ensure_created_only_certificate_exists_fails_instead_of_replacing()
        {
            using var home = new TempDirectory();
            var cert = home.Write("ca/ca.crt", "user's file");

            var error = Assert.Throws<ProxyConfigurationException>(() => CertificateAuthority.EnsureCreated(home.Combine("ca"), new FakeTimeProvider(Now)));

            Assert.Contains("ca-incomplete", error.Message, StringComparison.Ordinal);
            Assert.Equal("user's file", File.ReadAllText(cert));
        }
    }

    public sealed class MintLeaf
    {
        [Theory]
        [InlineData("api.example.com")]
        [InlineData("10.1.2.3")]
        public void Mint_leaf_host_chains_to_ca_with_server_auth_and_san(string host)
        {
            using var home = new TempDirectory();
            CertificateAuthority.EnsureCreated(home.Path, new FakeTimeProvider(Now));
            using var ca = CertificateAuthority.Load(home.Combine("ca.crt"), home.Combine("ca.key"));
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

            using var leaf = ca.MintLeaf(host, key, Now);

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
            Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
            Assert.True(leaf.MatchesHostname(host));
            Assert.True(leaf.HasPrivateKey);
            Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        }
    }
}
