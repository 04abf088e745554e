using Vibedom.Scanning.Hashing;

namespace Vibedom.Scanning.Findings;

/// <summary>The only two ways a secret value leaves the detector: a masked preview and a short hash.</summary>
public static class SecretMask
{
    /// <summary>First 4 chars then "…"; shorter secrets (under 12 chars) show a quarter of their length at most.</summary>
    public static string Preview(string secret)
    {
        var shown = secret.Length >= 12 ? 4 : secret.Length / 4;
        return secret[..shown] + "…";
    }

    /// <summary>First 12 hex digits of SHA-256 over the UTF-8 bytes of the value.</summary>
    public static string ShortHash(string secret) =>
        Sha256.HexOfUtf8(secret)[..12];
}
