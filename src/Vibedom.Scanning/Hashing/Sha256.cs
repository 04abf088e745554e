using System.Security.Cryptography;

namespace Vibedom.Scanning.Hashing;

/// <summary>
/// SHA-256 for the whole CLI. The first <see cref="ManagedBudget"/> bytes a process hashes go through
/// <see cref="ManagedSha256"/>, the rest through .NET's <see cref="SHA256"/> (OpenSSL, several times faster on large
/// inputs). A run that hashes little (a one-file workspace's manifest, a few record markers) thus never loads libssl and
/// libcrypto, and one that hashes much pays the managed code's extra for at most the budget, a few milliseconds.
/// The digest is the same either way.
/// </summary>
public static class Sha256
{
    public const int HashSize = 32;

    /// <summary>Bytes hashed in managed code per process before OpenSSL takes over.</summary>
    public const long ManagedBudget = 512 * 1024;

    private static long _managedBytes;

    /// <summary>The hash of <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (TakeBudget(data.Length))
        {
            ManagedSha256.HashData(data, destination);
        }
        else
        {
            SHA256.HashData(data, destination);
        }
    }

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        HashData(data, hash);
        return hash;
    }

    /// <summary>The hash of what is left in <paramref name="stream"/>: managed when its length is known and fits the budget.</summary>
    public static byte[] HashData(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !TakeBudget(stream.Length - stream.Position))
        {
            return SHA256.HashData(stream);
        }

        var sha = default(ManagedSha256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                sha.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        var hash = new byte[HashSize];
        sha.Finish(hash);
        return hash;
    }

    /// <summary>Lower-case hex of the hash of <paramref name="data"/>.</summary>
    public static string HexOf(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[HashSize];
        HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Lower-case hex of the hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string HexOfUtf8(ReadOnlySpan<char> text)
    {
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(text, bytes);
            return HexOf(bytes.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool TakeBudget(long length)
    {
        if (length > ManagedBudget || Volatile.Read(ref _managedBytes) > ManagedBudget)
        {
            return false;
        }

        return Interlocked.Add(ref _managedBytes, length) <= ManagedBudget;
    }
}
