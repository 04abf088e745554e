using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tls;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// <see cref="ProxyOptions"/> after every check ran: all problems are reported at once and
/// nothing starts if there is any (STYLE habit 3).
/// </summary>
internal sealed record ValidatedOptions(
    IReadOnlyDictionary<string, HostOverride> Hosts,
    IReadOnlyList<IpNetwork> AllowPrivate,
    X509Certificate2Collection UpstreamRoots,
    CertificateAuthority Authority,
    Allowlist Allowlist)
{
    /// <summary><see cref="ProxyOptions.SessionAllowlist"/>, parsed.</summary>
    public Allowlist SessionAllowlist { get; init; } = Allowlist.Empty;

    public static ValidatedOptions Validate(ProxyOptions options) => Validate(options, loadAuthority: true)!;

    /// <summary>
    /// Every check of <see cref="Validate(ProxyOptions)"/>, keeping nothing: the CA through
    /// <see cref="CertificateAuthorityCheck"/> (OpenSSL is loaded only for a CA not checked before).
    /// </summary>
    public static void Check(ProxyOptions options) => Validate(options, loadAuthority: false);

    private static ValidatedOptions? Validate(ProxyOptions options, bool loadAuthority)
    {
        var errors = new List<string>();
        if (options.UnixSocketPath is null && options.LoopbackPort is null && options.ListenHandle is null)
        {
            errors.Add("proxy: invalid-option: neither a Unix socket nor a loopback port to listen on");
        }

        if (options.UnixSocketPath is { } socket && System.Text.Encoding.UTF8.GetByteCount(Path.GetFullPath(socket)) > 107)
        {
            errors.Add($"{socket}: invalid-option: a Unix socket path must be at most 107 bytes");
        }

        if (options.LoopbackPort is < 0 or > 65535)
        {
            errors.Add($"proxy: invalid-option: loopback port {options.LoopbackPort} is out of range");
        }

        if (options.ConnectionLimit < 1)
        {
            errors.Add($"proxy: invalid-option: [limits] connections {options.ConnectionLimit} must be at least 1");
        }

        var hosts = new Dictionary<string, HostOverride>(StringComparer.Ordinal);
        foreach (var (name, value) in options.Hosts)
        {
            var normalized = HostName.Normalize(name);
            if (HostName.CheckDnsName(normalized) is { } problem)
            {
                errors.Add($"[network.hosts] \"{name}\": invalid-host: {problem}");
            }
            else if (!HostOverride.TryParse(value, out var target))
            {
                errors.Add($"[network.hosts] \"{name}\": invalid-address: '{value}' is not ip or ip:port");
            }
            else
            {
                hosts[normalized] = target!;
            }
        }

        var allowPrivate = new List<IpNetwork>();
        foreach (var cidr in options.AllowPrivate)
        {
            if (IpNetwork.TryParse(cidr, out var network))
            {
                allowPrivate.Add(network!);
            }
            else
            {
                errors.Add($"[network] allow_private: invalid-cidr: '{cidr}' is not an address or CIDR range");
            }
        }

        var roots = new X509Certificate2Collection();
        foreach (var file in options.UpstreamCaFiles)
        {
            try
            {
                var before = roots.Count;
                roots.ImportFromPemFile(file);
                if (roots.Count == before)
                {
                    errors.Add($"{file}(1,1): upstream-ca: no PEM certificate in the file");
                }
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                errors.Add($"{file}(1,1): upstream-ca: {e.Message}");
            }
        }

        Allowlist? allowlist = null;
        try
        {
            allowlist = Allowlist.Load(options.AllowlistPath);
        }
        catch (ProxyConfigurationException e)
        {
            errors.AddRange(e.Errors);
        }

        var session = Allowlist.Empty;
        try
        {
            session = Allowlist.Parse(options.SessionAllowlistOrigin, options.SessionAllowlist);
        }
        catch (ProxyConfigurationException e)
        {
            errors.AddRange(e.Errors);
        }

        CertificateAuthority? authority = null;
        try
        {
            if (loadAuthority)
            {
                authority = CertificateAuthority.Load(options.CaCertificatePath, options.CaKeyPath);
            }
            else
            {
                CertificateAuthorityCheck.Verify(options.CaCertificatePath, options.CaKeyPath);
            }
        }
        catch (ProxyConfigurationException e)
        {
            errors.AddRange(e.Errors);
        }

        if (errors.Count > 0)
        {
            authority?.Dispose();
            throw new ProxyConfigurationException(errors);
        }

        return loadAuthority ? new ValidatedOptions(hosts, allowPrivate, roots, authority!, allowlist!) { SessionAllowlist = session } : null;
    }
}
