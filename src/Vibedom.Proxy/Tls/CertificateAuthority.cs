using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vibedom.Proxy.Tls;

/// <summary>
/// The local CA that signs the leaf certificates presented inside the sandbox
/// (<c>~/.vibedom/ca/ca.crt</c> and <c>ca.key</c>, P-256, key 0600). Never installed on the host.
/// </summary>
public sealed partial class CertificateAuthority : IDisposable
{
    public const string CertificateFileName = "ca.crt";
    public const string KeyFileName = "ca.key";

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    private CertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        Key = key;
    }

    /// <summary>The CA certificate (public part only), as trusted inside the sandbox.</summary>
    public X509Certificate2 Certificate { get; }

    internal ECDsa Key { get; }

    /// <summary>
    /// Creates <c>ca.crt</c> and <c>ca.key</c> in <paramref name="caDirectory"/> when both are
    /// missing; never overwrites. Returns true when it created them.
    /// </summary>
    /// <exception cref="ProxyConfigurationException">only one of the two files exists, or they cannot be written.</exception>
    public static bool EnsureCreated(string caDirectory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var certPath = Path.Combine(caDirectory, CertificateFileName);
        var keyPath = Path.Combine(caDirectory, KeyFileName);
        var haveCert = File.Exists(certPath);
        var haveKey = File.Exists(keyPath);
        if (haveCert && haveKey)
        {
            return false;
        }

        if (haveCert != haveKey)
        {
            var present = haveCert ? certPath : keyPath;
            var missing = haveCert ? keyPath : certPath;
            throw ProxyConfigurationException.CaIncomplete(present, missing);
        }

        Directory.CreateDirectory(caDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(caDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = CreateCaCertificate(key, timeProvider.GetUtcNow());
        try
        {
            // key first, with 0600 from creation: never a moment where it is readable by others
            WriteNew(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteNew(certPath, certificate.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (IOException e)
        {
            throw ProxyConfigurationException.CaUnwritable(caDirectory, e.Message);
        }

        return true;
    }

    /// <summary>Loads the CA from its PEM certificate and PEM private key.</summary>
    public static CertificateAuthority Load(string certificatePath, string keyPath)
    {
        var (certificatePem, keyPem) = ReadPems(certificatePath, keyPath);
        return Load(certificatePem, keyPem, certificatePath, keyPath);
    }

    /// <summary>The PEM texts of the certificate and the key; a file that cannot be read is the CA's one-line error.</summary>
    internal static (string Certificate, string Key) ReadPems(string certificatePath, string keyPath)
    {
        try
        {
            return (File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ProxyConfigurationException.CaInvalid(certificatePath, e.Message);
        }
    }

    /// <summary>Loads the CA from the texts of its PEM files (read from the paths given, named in messages).</summary>
    internal static CertificateAuthority Load(string certificatePem, string keyPem, string certificatePath, string keyPath)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(certificatePem));
            var key = ECDsa.Create();
            key.ImportFromPem(keyPem);
            if (!certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan()
                    .SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                key.Dispose();
                throw ProxyConfigurationException.CaInvalid(keyPath, "the key does not belong to " + certificatePath);
            }

            return new CertificateAuthority(certificate, key);
        }
        catch (Exception e) when (e is IOException or CryptographicException or ArgumentException or UnauthorizedAccessException)
        {
            throw ProxyConfigurationException.CaInvalid(certificatePath, e.Message);
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }

    private static X509Certificate2 CreateCaCertificate(ECDsa key, DateTimeOffset now)
    {
        var name = new X500DistinguishedName($"CN=vibedom local CA ({Environment.MachineName}), O=vibedom");
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-2), now.Add(CaLifetime));
    }

    private static void WriteNew(string path, string content, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        writer.Write('\n');
    }
}
