namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Host files under /etc that hold secrets and are masked inside the sandbox (which otherwise sees
/// /etc read-only, because tools need its resolver, locale, certificate and passwd files).
/// </summary>
internal static class EtcSecrets
{
    /// <summary>Exact files; globs end with '*' (matched on the file name within the folder).</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-",
        "/etc/security/opasswd", "/etc/krb5.keytab", "/etc/ipsec.secrets",
        "/etc/ppp/chap-secrets", "/etc/ppp/pap-secrets", "/etc/docker/key.json",
        "/etc/ssh/ssh_host_*_key", "/etc/sudoers",
    ];

    public static IReadOnlyList<string> Directories { get; } =
    [
        "/etc/ssl/private", "/etc/sudoers.d", "/etc/wireguard", "/etc/NetworkManager/system-connections",
        "/etc/letsencrypt", "/etc/pki/private", "/etc/vibedom",
    ];
}
