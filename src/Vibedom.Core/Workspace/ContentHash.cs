using Vibedom.Scanning.Hashing;

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
            return Sha256.HexOfUtf8(target);
        }

        using var stream = Native.LibC.OpenRegularStream(path);
        if (stream.Length > Limit)
        {
            throw new IOException($"{path} is larger than {Limit >> 30} GiB: not hashed");
        }

        return Convert.ToHexStringLower(Sha256.HashData(stream));
    }

    /// <summary>Larger files are not hashed (a sparse file of terabytes is cheap to make and hours to hash): <see cref="TryOf"/> gives null.</summary>
    public const long Limit = 1L << 30;

    /// <summary>
    /// Hex SHA-256 of a regular file known to be small: one read into a pooled buffer, no stream, no
    /// per-file buffer allocation (the manifest hashes thousands of them). Null when it cannot be read.
    /// The content is handed to <paramref name="keep"/> (the session's start store), read once for both.
    /// </summary>
    public static string? TryOfSmallFile(string path, int limit, StartStore? keep = null)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            using var handle = Native.LibC.OpenRegular(path);
            var total = 0;
            int read;
            while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
            {
                total += read;
            }

            if (total > limit)
            {
                return TryOf(path);
            }

            Span<byte> hash = stackalloc byte[32];
            Sha256.HashData(buffer.AsSpan(0, total), hash);
            var hex = Convert.ToHexStringLower(hash);
            keep?.Add(hex, buffer.AsSpan(0, total));
            return hex;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Hex SHA-256 of a regular file listed with <paramref name="size"/> bytes, reading no more than one byte past it; null
    /// when it cannot be read or no longer has that size (the agent may grow a file after it was listed).
    /// </summary>
    public static string? TryOfSize(string path, long size)
    {
        try
        {
            using var handle = Native.LibC.OpenRegular(path);
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var buffer = new byte[(int)Math.Min(size + 1, 1 << 16)];
            long total = 0;
            int read;
            while (total <= size && (read = RandomAccess.Read(handle, buffer, total)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return total == size ? Convert.ToHexStringLower(hash.GetHashAndReset()) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
