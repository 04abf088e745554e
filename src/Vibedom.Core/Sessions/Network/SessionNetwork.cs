using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Proxy;
using Vibedom.Proxy.Hosting;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Core.Sessions.Network;

/// <summary>
/// A session's one route out: the egress proxy on a Unix socket in a per-session host folder (never
/// inside the logs), the CA bundle beside it, and what the sandbox needs to use them.
/// </summary>
public sealed class SessionNetwork
{
    /// <summary>Where clients that ignore CA variables look: replaced inside the sandbox when present on the host.</summary>
    private static readonly string[] SystemBundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];

    private SessionNetwork(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string SocketPath => Path.Combine(Directory, NetworkRoute.SocketName);

    public static string DirectoryFor(VibedomHome home, string sessionId) => Path.Combine(home.RunDirectory, "net-" + sessionId);

    /// <summary>Fails (exit 2, file(line,col)) on a malformed allowlist or proxy config, before anything starts.</summary>
    public static void Validate(VibedomHome home, VibedomConfig config)
    {
        try
        {
            Allowlist.Load(home.TrustedDomainsFile);
        }
        catch (ProxyConfigurationException e)
        {
            throw VibedomException.Config(e.Errors.Count > 0 ? e.Errors : [e.Message]);
        }

        foreach (var file in config.UpstreamCaFiles.Where(f => !File.Exists(f)))
        {
            throw VibedomException.Config($"{config.SourceFile}: network.upstream_ca: {file} does not exist");
        }
    }

    /// <summary>Creates the folder and the CA bundle (host CAs + vibedom's CA).</summary>
    public static SessionNetwork Prepare(VibedomHome home, string sessionId)
    {
        var network = new SessionNetwork(DirectoryFor(home, sessionId));
        System.IO.Directory.CreateDirectory(network.Directory);
        // its sockets (the proxy, the deploy key's relay) are for this session's sandbox alone: rootless, the sandbox
        // is this user; root-run, the helper gives the folder to the sandbox's own gid (0710) once it has claimed one
        File.SetUnixFileMode(network.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var host = SystemBundles.FirstOrDefault(File.Exists);
        var path = Path.Combine(network.Directory, NetworkRoute.CaBundleName);
        WriteBundle(path, host, home.CaCertificate);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return network;
    }

    /// <summary>The host bundle copied as bytes (the kernel copies it; no decoding of ~200 KB per run), a newline, vibedom's CA.</summary>
    private static void WriteBundle(string path, string? hostBundle, string caCertificate)
    {
        if (hostBundle is not null)
        {
            File.Copy(hostBundle, path, overwrite: true);
        }

        using var bundle = new FileStream(path, FileMode.Append, FileAccess.Write);
        bundle.Write("\n"u8);
        bundle.Write(File.ReadAllBytes(caCertificate));
    }

    public static SessionNetwork Existing(VibedomHome home, string sessionId) => new(DirectoryFor(home, sessionId));

    public NetworkRoute Route => NetworkRoute.UnixSocket(Directory) with { SystemCaBundles = SystemBundles.Where(File.Exists).ToList() };

    public ProxyOptions ProxyOptions(VibedomHome home, VibedomConfig config, Session session, TimeProvider time) => new()
    {
        UnixSocketPath = SocketPath,
        AllowlistPath = home.TrustedDomainsFile,
        UpstreamCaFiles = config.UpstreamCaFiles,
        AllowPrivate = config.AllowPrivate,
        Hosts = config.HostOverrides,
        CaCertificatePath = home.CaCertificate,
        CaKeyPath = home.CaKey,
        NetworkLogPath = session.Paths.NetworkLog,
        NetworkLogLimit = config.Limits.NetworkLog ?? Proxy.Hosting.ProxyOptions.DefaultNetworkLogLimit,
        ConnectionLimit = config.Limits.Connections ?? Proxy.Hosting.ProxyOptions.DefaultConnectionLimit,
        KnownSecrets = SecretRedactor.Known,
        Dlp = config.Dlp with { ExactValues = SecretRedactor.Workspace }, // read when the web host starts: after the pre-flight
        Diagnostics = ProxyDiagnostics.To(session.Log.Write), // the proxy's warnings and errors (redacted) in session.log
        TimeProvider = time,
        SshKnownHostsPath = home.KnownHostsFile, // the proxy checks SSH host keys itself: the agent controls ssh's options inside
    };

    /// <summary>Removes the folder (socket, bundle); idempotent.</summary>
    public void Delete()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
