namespace Vibedom.Core.Sandbox;

/// <summary>
/// What every sandbox must hide or refuse, whatever runtime builds it (DESIGN §4): the one place this is
/// written down. Data here, pure checks in <c>SandboxPolicy.Checks.cs</c>; each runtime translates the
/// policy into its own mechanism (the namespace runtime: bubblewrap arguments, see BwrapPlanner) and the
/// containment contract suite proves the translation. Paths are host paths.
/// </summary>
public static partial class SandboxPolicy
{
    /// <summary>
    /// Top-level system folders shown read-only (as directories, or as the symlinks they are on merged-/usr hosts),
    /// in mount order; nothing else of the host's root is visible. None of them, nor anything under them, is a workspace.
    /// </summary>
    public static IReadOnlyList<string> SystemFolders { get; } = ["usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "opt"];

    /// <summary>Kernel interfaces and live state: fresh inside (their own /proc, a minimal /dev, an empty /run); never a workspace.</summary>
    public static IReadOnlyList<string> KernelFolders { get; } = ["proc", "dev", "run"];

    /// <summary>Host folders that hold host sockets or kernel interfaces: no read-only mount may lie under one.</summary>
    public static IReadOnlyList<string> HostInterfaceFolders { get; } = ["/run", "/var/run", "/var/lib/docker", "/proc", "/sys", "/dev"];

    /// <summary>Fresh, private, empty and writable inside (the sandbox HOME is one more, see <see cref="SandboxHome"/>).</summary>
    public static IReadOnlyList<string> PrivateFolders { get; } = ["/tmp", "/var/tmp", "/run"];

    /// <summary>Secret files under /etc, masked by an empty file (/etc itself is shown: tools need its resolver, locale, CA and passwd files). A '*' matches within the file name.</summary>
    public static IReadOnlyList<string> EtcSecretFiles { get; } =
    [
        "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-",
        "/etc/security/opasswd", "/etc/krb5.keytab", "/etc/ipsec.secrets",
        "/etc/ppp/chap-secrets", "/etc/ppp/pap-secrets", "/etc/docker/key.json",
        "/etc/ssh/ssh_host_*_key", "/etc/sudoers",
    ];

    /// <summary>Secret folders under /etc, masked by an empty tmpfs.</summary>
    public static IReadOnlyList<string> EtcSecretDirectories { get; } =
    [
        "/etc/ssl/private", "/etc/sudoers.d", "/etc/wireguard", "/etc/NetworkManager/system-connections",
        "/etc/letsencrypt", "/etc/pki/private", "/etc/vibedom",
    ];

    /// <summary>The uid and gid the command runs as inside (never 0): the same in every runtime, so exec and files agree.</summary>
    public const int SandboxUid = 1000;

    /// <inheritdoc cref="SandboxUid"/>
    public const int SandboxGid = 1000;

    /// <summary>Variables the sandbox's plan owns and config may not pass in: its paths and identity, the proxy and CA variables, vibedom's own.</summary>
    public static bool IsReservedVariable(string name) =>
        name is "PATH" or "HOME" or "USER" or "LOGNAME" or "SHELL" or "TERM" or "LANG"
        || name.StartsWith("VIBEDOM_", StringComparison.Ordinal)
        || name.EndsWith("_PROXY", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_CA_BUNDLE", StringComparison.Ordinal) || name.EndsWith("_CAINFO", StringComparison.Ordinal)
        || name is "SSL_CERT_FILE" or "SSL_CERT_DIR" or "NODE_EXTRA_CA_CERTS" or "DENO_CERT" or "PIP_CERT" or "NPM_CONFIG_CAFILE"
        || Ssh.SshSandbox.IsOwnVariable(name); // never the host's agent socket or git set-up

    /// <summary>The sandbox HOME: the host's home path (so ~-relative paths line up), empty and private inside; /tmp when the home is / or a system folder.</summary>
    public static string SandboxHome(string hostHome)
    {
        var home = Path.TrimEndingDirectorySeparator(hostHome);
        return home.Length <= 1 || SystemFolders.Any(n => IsSameOrUnder(home, "/" + n)) ? "/tmp" : home;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies under it (both absolute, normalised).</summary>
    public static bool IsSameOrUnder(string path, string root)
    {
        var r = Path.TrimEndingDirectorySeparator(root);
        return path == r || path.StartsWith(r + "/", StringComparison.Ordinal);
    }
}
