using System.Security.Cryptography;
using System.Text;

namespace Vibedom.Core.Workspace;

/// <summary>SHA-256 of a file's content (or of a symlink's target), lower-case hex.</summary>
public static class ContentHash
{
    /// <summary>Hex SHA-256 of what <paramref name="path"/> holds; a symlink is hashed by its target text.</summary>
    public static string Of(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)));
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>As <see cref="Of"/>, or null when the file cannot be read.</summary>
    public static string? TryOf(string path)
    {
        try
        {
            return Of(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first 12 hex digits, for display.</summary>
    public static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
