using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Proxy.Policy;

namespace Vibedom.Core.Ssh;

/// <summary>
/// ~/.vibedom/known_hosts, the only host keys ssh inside trusts. <see cref="ScanAsync"/> asks a host for its keys on
/// the host side (ssh-keyscan, run because the user asked; the host's <c>[network.hosts]</c> override is honoured, as
/// the proxy honours it); <see cref="Add"/> appends them under the name ssh inside looks up.
/// </summary>
public static class KnownHosts
{
    /// <summary>One scanned key: the known_hosts line and its fingerprint.</summary>
    public sealed record HostKey(string Line, string Type, string Fingerprint);

    /// <summary>The host's keys, as <c>HOST type base64</c> lines (<c>[HOST]:PORT</c> for another port than 22).</summary>
    public static async Task<IReadOnlyList<HostKey>> ScanAsync(string host, int port, VibedomConfig config, CancellationToken cancellationToken)
    {
        var name = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.Length is 0 or > 253 || name[0] is '-' or '.' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw VibedomException.Usage($"'{host.ReplaceLineEndings(" ")}' is not a host name");
        }

        if (port is < 1 or > 65535)
        {
            throw VibedomException.Usage($"{port} is not a port");
        }

        var keyscan = ProcessRunner.Which("ssh-keyscan") ?? throw VibedomException.Prerequisite("ssh-keyscan is missing (sudo apt-get install -y openssh-client)");
        var (address, scanPort) = (name, port);
        if (config.HostOverrides.TryGetValue(name, out var text) && HostOverride.TryParse(text, out var over) && over is not null)
        {
            (address, scanPort) = (over.Address.ToString(), over.Port ?? port);
        }

        var result = await ProcessRunner.Default.RunAsync(
            new ProcessSpec(keyscan, ["-T", "5", "-p", scanPort.ToString(System.Globalization.CultureInfo.InvariantCulture), address]) { Timeout = TimeSpan.FromSeconds(20) },
            cancellationToken).ConfigureAwait(false);
        var known = port == 22 ? name : $"[{name}]:{port}";
        var keys = result.StandardOutput.Split('\n')
            .Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 3 && !p[0].StartsWith('#'))
            .Select(p => new HostKey($"{known} {p[1]} {p[2]}", p[1], DeployKey.FingerprintOf($"{p[1]} {p[2]}")))
            .DistinctBy(k => k.Line)
            .ToList();
        if (keys.Count == 0)
        {
            throw VibedomException.Failed($"no SSH host key from {name}:{port}{(address != name ? $" (at {address}:{scanPort})" : string.Empty)}: is an SSH server listening there?");
        }

        return keys;
    }

    /// <summary>
    /// Appends the keys not yet listed; refused (nothing written) when the file already holds other keys for this
    /// name and none of these: that is what a changed (or spoofed) key looks like, and only the user decides.
    /// </summary>
    /// <returns>the lines added (empty: all were listed already)</returns>
    public static IReadOnlyList<HostKey> Add(VibedomHome home, IReadOnlyList<HostKey> keys)
    {
        var existing = File.Exists(home.KnownHostsFile) ? File.ReadAllLines(home.KnownHostsFile) : [];
        var name = keys[0].Line.Split(' ')[0];
        var listed = existing.Select(Normalise).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var forName = listed.Where(l => l.Split(' ')[0].Split(',').Contains(name, StringComparer.Ordinal)).ToList();
        var fresh = keys.Where(k => !listed.Contains(k.Line)).ToList();
        if (forName.Count > 0 && keys.All(k => !listed.Contains(k.Line)))
        {
            throw VibedomException.Usage(
                $"{home.KnownHostsFile} already holds other keys for {name}: its key changed, or someone is in the way; if you trust the new key, delete the lines of {name} there and run this again");
        }

        if (fresh.Count > 0)
        {
            var prefix = existing.Length > 0 && !File.ReadAllText(home.KnownHostsFile).EndsWith('\n') ? "\n" : string.Empty;
            File.AppendAllText(home.KnownHostsFile, prefix + string.Concat(fresh.Select(k => k.Line + "\n")));
        }

        return fresh;
    }

    private static string Normalise(string line) => string.Join(' ', line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
}
