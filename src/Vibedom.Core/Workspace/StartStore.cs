using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;

namespace Vibedom.Core.Workspace;

/// <summary>
/// The content of the workspace's small text files as the session started, so a conflict (the user and the agent
/// changed the same file) always shows its base. The overlay's lower layer is the live workspace: the start
/// content exists nowhere else once the user edits a file. The manifest already reads every small file to hash
/// it; the same bytes are compressed (Brotli, quality 0) and appended here, once per distinct content, in one file
/// of records <c>sha256 (32 bytes) | compressed length | length (int32 LE) | bytes</c>. Files with a NUL in their
/// first 8000 bytes (git's binary rule) are left out: a binary conflict is shown by size and hash.
/// </summary>
public sealed class StartStore : IDisposable
{
    private const int HeaderSize = 32 + 4 + 4;
    private const int Quality = 0;
    private const int Window = 22;
    private readonly FileStream _stream;
    private readonly ConcurrentDictionary<string, byte> _kept = new(StringComparer.Ordinal);
    private readonly Lock _write = new();

    private readonly IReadOnlySet<string>? _leftOut;

    private StartStore(FileStream stream, IReadOnlySet<string>? leftOut)
    {
        _stream = stream;
        _leftOut = leftOut;
    }

    /// <summary>Distinct contents offered so far (kept unless <see cref="Error"/>).</summary>
    public int Count => _kept.Count;

    /// <summary>Why the store stopped keeping contents (a write failed), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// A new, empty store at <paramref name="file"/> (replacing one left by a crash), readable by the owner only, that
    /// keeps nothing of the workspace-relative paths in <paramref name="leftOut"/>.
    /// </summary>
    public static StartStore Create(string file, IReadOnlySet<string>? leftOut = null) =>
        new(new FileStream(file, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 1 << 16,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }), leftOut);

    /// <summary>This store is for <paramref name="relativePath"/>'s content, or null (a flagged file: no copy of its secret).</summary>
    public StartStore? For(string relativePath) => _leftOut?.Contains(relativePath) == true ? null : this;

    /// <summary>Keeps <paramref name="content"/> (whose hex SHA-256 is <paramref name="hash"/>) unless it is binary or kept already. Thread-safe.</summary>
    public void Add(string hash, ReadOnlySpan<byte> content)
    {
        if (content[..Math.Min(content.Length, 8000)].Contains((byte)0) || !_kept.TryAdd(hash, 0))
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(HeaderSize + BrotliEncoder.GetMaxCompressedLength(content.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(content, buffer.AsSpan(HeaderSize), out var written, Quality, Window))
            {
                return;
            }

            Convert.FromHexString(hash, buffer.AsSpan(0, 32), out _, out _);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(32), written);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(36), content.Length);
            lock (_write)
            {
                if (Error is null)
                {
                    _stream.Write(buffer, 0, HeaderSize + written);
                }
            }
        }
        catch (IOException e)
        {
            // a full disk costs the base of some conflicts, never the manifest's hash
            Error ??= e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException e)
        {
            Error ??= e.Message;
        }
    }

    /// <summary>
    /// Reads the store at <paramref name="file"/>: where each content is. An absent file is an empty store; a record
    /// cut short by a crash ends it.
    /// </summary>
    public static IReadOnlyDictionary<string, (long Offset, int Compressed, int Length)> ReadIndex(string file)
    {
        var index = new Dictionary<string, (long, int, int)>(StringComparer.Ordinal);
        try
        {
            Fill(index, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no store (a session older than it) or an unreadable one: no base from it
        }

        return index;
    }

    private static void Fill(Dictionary<string, (long, int, int)> index, string file)
    {
        using var handle = File.OpenHandle(file);
        var size = RandomAccess.GetLength(handle);
        Span<byte> header = stackalloc byte[HeaderSize];
        for (long at = 0; at + HeaderSize <= size;)
        {
            if (RandomAccess.Read(handle, header, at) != HeaderSize)
            {
                break;
            }

            var compressed = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header[36..]);
            if (compressed < 0 || length < 0 || at + HeaderSize + compressed > size)
            {
                break;
            }

            index.TryAdd(Convert.ToHexStringLower(header[..32]), (at + HeaderSize, compressed, length));
            at += HeaderSize + compressed;
        }
    }

    /// <summary>The text kept for <paramref name="hash"/>, checked against that hash; null when not kept or damaged.</summary>
    public static string? TryRead(string file, IReadOnlyDictionary<string, (long Offset, int Compressed, int Length)> index, string hash)
    {
        if (!index.TryGetValue(hash, out var at) || at.Length > Manifest.DefaultHashLimit * 16)
        {
            return null;
        }

        try
        {
            using var handle = File.OpenHandle(file);
            var compressed = new byte[at.Compressed];
            var content = new byte[at.Length];
            return RandomAccess.Read(handle, compressed, at.Offset) == compressed.Length &&
                   BrotliDecoder.TryDecompress(compressed, content, out var written) && written == content.Length &&
                   Scanning.Hashing.Sha256.HexOf(content) == hash
                ? Text(content)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Decoded as the diff reads the workspace's side (a byte order mark dropped), so an unchanged first line stays unchanged.</summary>
    private static string Text(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
