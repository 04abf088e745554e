using System.Text;
using Vibedom.Scanning.Hashing;

namespace Vibedom.Scanning.Dlp;

/// <summary>The short hash of a value: first 12 hex of SHA-256 of its bytes (UTF-8 of a text; a body's bytes as sent).</summary>
internal static class DlpHash
{
    public static string OfText(ReadOnlySpan<char> value)
    {
        var bytes = Encoding.UTF8.GetBytes(value.ToArray());
        return Sha256.HexOf(bytes)[..12];
    }

    /// <summary>A body's bytes scanned as Latin-1 chars (one char per byte).</summary>
    public static string OfBytes(ReadOnlySpan<char> latin1)
    {
        var bytes = Encoding.Latin1.GetBytes(latin1.ToArray());
        return Sha256.HexOf(bytes)[..12];
    }
}
