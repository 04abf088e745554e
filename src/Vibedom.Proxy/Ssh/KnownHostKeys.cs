using System.Security.Cryptography;
using System.Text;
using Vibedom.Scanning.Hashing;

namespace Vibedom.Proxy.Ssh;

/// <summary>
/// The proxy's reading of an OpenSSH known_hosts file: is this host key listed for this host? Plain and hashed
/// (<c>|1|salt|hash</c>) names, <c>[host]:port</c> for other ports than 22; <c>@revoked</c> lines refuse a key,
/// <c>@cert-authority</c> lines are not host keys and are ignored. Read at each tunnel: an edit applies at once.
/// </summary>
internal static class KnownHostKeys
{
    public enum Verdict
    {
        Listed,
        Unknown,
        Revoked,
    }

    public static Verdict Check(string path, string host, int port, byte[] blob)
    {
        var name = port == 22 ? host : $"[{host}]:{port}";
        var key = Convert.ToBase64String(blob);
        var verdict = Verdict.Unknown;
        foreach (var raw in File.Exists(path) ? File.ReadLines(path) : [])
        {
            var fields = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || fields[0].StartsWith('#'))
            {
                continue;
            }

            var marker = fields[0].StartsWith('@') ? fields[0] : null;
            var offset = marker is null ? 0 : 1;
            if (fields.Length < offset + 3 || !NamesMatch(fields[offset], name) || fields[offset + 2] != key)
            {
                continue;
            }

            if (marker == "@revoked")
            {
                return Verdict.Revoked;
            }

            if (marker is null)
            {
                verdict = Verdict.Listed;
            }
        }

        return verdict;
    }

    /// <summary>SHA256:... as ssh-keygen -l prints it.</summary>
    public static string Fingerprint(byte[] blob) => "SHA256:" + Convert.ToBase64String(Sha256.HashData(blob)).TrimEnd('=');

    private static bool NamesMatch(string names, string name)
    {
        if (names.StartsWith("|1|", StringComparison.Ordinal))
        {
            var parts = names.Split('|');
            try
            {
                return parts.Length == 4 && CryptographicOperations.FixedTimeEquals(
                    HMACSHA1.HashData(Convert.FromBase64String(parts[2]), Encoding.ASCII.GetBytes(name)), Convert.FromBase64String(parts[3]));
            }
            catch (FormatException)
            {
                return false;
            }
        }

        var matched = false;
        foreach (var pattern in names.Split(','))
        {
            if (pattern.StartsWith('!'))
            {
                if (string.Equals(pattern[1..], name, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
            else if (string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase))
            {
                matched = true;
            }
        }

        return matched;
    }
}
