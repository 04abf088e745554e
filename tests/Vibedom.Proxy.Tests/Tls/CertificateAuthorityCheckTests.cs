using Microsoft.Extensions.Time.Testing;
using Vibedom.Proxy.Tls;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Tls;

/// <summary>
/// The CA check before a sandbox starts loads a CA in full once and keeps a stamp of exactly what it checked; any change to
/// either file is checked in full again, so a bad CA still stops the run there.
/// </summary>
public sealed class CertificateAuthorityCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_checked_CA_leaves_a_private_stamp_and_passes_again()
    {
        using var home = new TempDirectory();
        var (cert, key) = Create(home, "ca");

        CertificateAuthorityCheck.Verify(cert, key);
        CertificateAuthorityCheck.Verify(cert, key);

        var stamp = CertificateAuthorityCheck.StampPath(key);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stamp));
        Assert.Matches("^[0-9a-f]{64}\n$", File.ReadAllText(stamp));
        Assert.DoesNotContain(File.ReadAllText(key).Split('\n')[1], File.ReadAllText(stamp), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(home.Combine("ca"), "*.tmp"));
    }

    [Fact]
    public void A_key_of_another_CA_put_in_place_after_a_check_is_refused()
    {
        using var home = new TempDirectory();
        var (cert, key) = Create(home, "ca");
        var (_, otherKey) = Create(home, "other");
        CertificateAuthorityCheck.Verify(cert, key);

        File.Copy(otherKey, key, overwrite: true);

        var error = Assert.Throws<ProxyConfigurationException>(() => CertificateAuthorityCheck.Verify(cert, key));
        Assert.Contains("ca-invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("certificate")]
    [InlineData("key")]
    public void A_file_damaged_after_a_check_is_refused(string which)
    {
        using var home = new TempDirectory();
        var (cert, key) = Create(home, "ca");
        CertificateAuthorityCheck.Verify(cert, key);
        var damaged = which == "certificate" ? cert : key;
        var text = File.ReadAllText(damaged);

        File.WriteAllText(damaged, text[..(text.Length / 2)]); // cut short, as a full disk leaves it

        var error = Assert.Throws<ProxyConfigurationException>(() => CertificateAuthorityCheck.Verify(cert, key));
        Assert.Contains("ca-invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stamp_of_another_CA_does_not_pass_a_bad_one()
    {
        using var home = new TempDirectory();
        var (cert, key) = Create(home, "ca");
        CertificateAuthorityCheck.Verify(cert, key);
        var (otherCert, otherKey) = Create(home, "other");
        File.Copy(CertificateAuthorityCheck.StampPath(key), CertificateAuthorityCheck.StampPath(otherKey));
        File.WriteAllText(otherCert, "-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----\n");

        Assert.Throws<ProxyConfigurationException>(() => CertificateAuthorityCheck.Verify(otherCert, otherKey));
    }

    [Fact]
    public void A_missing_CA_file_is_refused_as_the_full_load_refuses_it()
    {
        using var home = new TempDirectory();
        var (cert, key) = Create(home, "ca");
        CertificateAuthorityCheck.Verify(cert, key);
        File.Delete(key);

        var check = Assert.Throws<ProxyConfigurationException>(() => CertificateAuthorityCheck.Verify(cert, key));
        var load = Assert.Throws<ProxyConfigurationException>(() => CertificateAuthority.Load(cert, key));
        Assert.Equal(load.Message, check.Message);
    }

    [Fact]
    public void A_CA_folder_that_cannot_be_written_still_checks_in_full()
    {
        using var home = new TempDirectory();
        var (cert, key) = Create(home, "ca");
        var folder = home.Combine("ca");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            CertificateAuthorityCheck.Verify(cert, key);
            CertificateAuthorityCheck.Verify(cert, key);
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Assert.True(Environment.UserName == "root" || !File.Exists(CertificateAuthorityCheck.StampPath(key)));
    }

    private static (string Certificate, string Key) Create(TempDirectory home, string folder)
    {
        var dir = home.Combine(folder);
        CertificateAuthority.EnsureCreated(dir, new FakeTimeProvider(Now));
        return (Path.Combine(dir, CertificateAuthority.CertificateFileName), Path.Combine(dir, CertificateAuthority.KeyFileName));
    }
}
