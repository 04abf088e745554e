using Vibedom.Scanning.Hashing;

namespace Vibedom.Proxy.Tls;

/// <summary>
/// The CA check before a sandbox starts, without loading OpenSSL when it can: the CA's two PEM texts are loaded in
/// full (<see cref="CertificateAuthority.Load(string, string, string, string)"/>: parsed, the key matched to the
/// certificate) the first time they are seen, and the SHA-256 of exactly those texts is then kept in
/// <c>ca.checked</c> beside the key (0600). A later check that reads the same texts is done; any change to either
/// file (or a missing, unreadable or different stamp) loads them in full again, so a bad CA still fails here.
/// The proxy itself loads the CA when it starts, at the first connection.
/// </summary>
internal static class CertificateAuthorityCheck
{
    public const string StampFileName = "ca.checked";

    private const string StampVersion = "vibedom-ca-check-1\n";

    /// <exception cref="ProxyConfigurationException">the CA cannot be read or loaded (as <see cref="CertificateAuthority.Load(string, string)"/>).</exception>
    public static void Verify(string certificatePath, string keyPath)
    {
        var (certificatePem, keyPem) = CertificateAuthority.ReadPems(certificatePath, keyPath);

        var stamp = StampPath(keyPath);
        var digest = Digest(certificatePem, keyPem);
        if (ReadStamp(stamp) == digest)
        {
            return;
        }

        CertificateAuthority.Load(certificatePem, keyPem, certificatePath, keyPath).Dispose();
        WriteStamp(stamp, digest);
    }

    /// <summary>Where the stamp of the CA whose key is <paramref name="keyPath"/> is kept.</summary>
    public static string StampPath(string keyPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keyPath))!, StampFileName);

    private static string Digest(string certificatePem, string keyPem) =>
        Sha256.HexOfUtf8(string.Concat(StampVersion, certificatePem, "\0", keyPem));

    private static string? ReadStamp(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Best effort: a CA folder that cannot be written only means the next check loads the CA in full again.</summary>
    private static void WriteStamp(string path, string digest)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(digest + "\n"));
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // nothing to clean up, or nothing we can
        }
    }
}
