using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Sources;

public sealed partial class FileTreeScanner
{
    private const int SniffBytes = 8000;
    private const int ReadBlock = 1 << 16;

    /// <summary>Returns the chars scanned, or -1 for a binary file. <paramref name="buffer"/> is the worker's (at least <see cref="ReadBlock"/>).</summary>
    private long ScanFile(TreeFile file, byte[] buffer, FindingSink sink, CancellationToken ct)
    {
        var relative = file.Relative;
        if (_options.ExcludedFiles.Contains(file.FullPath) || _detector.Rules.Allowlists.Any(a => a.PathAllowed(relative)))
        {
            return 0;
        }

        // Empty files, and FIFOs, sockets and devices (which report size 0 and could block an open), have no text:
        // only path rules apply to them. Asked just before the open, as the file may have changed since the walk.
        var length = _options.Tree.Length(file.FullPath);
        if (length == 0)
        {
            sink.Add(_detector.Detect(new Fragment(string.Empty) { FilePath = relative }), relative);
            return 0;
        }

        using var handle = _options.Tree.OpenRead(file.FullPath);
        var n = ReadAtLeast(handle, buffer, 0, SniffBytes);
        var head = buffer.AsSpan(0, Math.Min(n, SniffBytes));
        if (IsBinary(head))
        {
            // no text to scan, but path rules (a .p12 key store) still apply
            sink.Add(_detector.Detect(new Fragment(string.Empty) { FilePath = relative }), relative);
            return -1;
        }

        using var detector = new StreamingDetector(_detector, _options.Window, path: relative, lengthHint: length);
        if (HasUtf16Or32Bom(head))
        {
            using var stream = new FileStream(handle, FileAccess.Read, 0);
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, (int)Math.Min(1 << 16, length + 16));
            return ScanReader(reader, detector, relative, sink, ct);
        }

        // UTF-8 (a BOM is not text, as a StreamReader drops it); invalid bytes are U+FFFD, as a StreamReader decodes them
        var skip = head.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        long offset = n;
        var chunk = buffer.AsSpan(skip, n - skip);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            sink.Add(detector.Write(chunk), relative);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, ReadBlock), offset);
            if (read == 0)
            {
                break;
            }

            offset += read;
            chunk = buffer.AsSpan(0, read);
        }

        sink.Add(detector.Complete(), relative);
        return detector.CharsScanned;
    }

    /// <summary>Reads from <paramref name="offset"/> until <paramref name="min"/> bytes (or the end); returns the bytes read.</summary>
    private static int ReadAtLeast(SafeFileHandle handle, byte[] buffer, long offset, int min)
    {
        var total = 0;
        while (total < min)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(total, ReadBlock - total), offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Text already decoded (standard input, a UTF-16 file), through the same windows.</summary>
    private static long ScanReader(TextReader reader, StreamingDetector detector, string relative, FindingSink sink, CancellationToken ct)
    {
        var block = ArrayPool<char>.Shared.Rent(1 << 15);
        try
        {
            int read;
            while ((read = reader.Read(block, 0, 1 << 15)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                sink.Add(detector.Write(block.AsSpan(0, read)), relative);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(block);
        }

        sink.Add(detector.Complete(), relative);
        return detector.CharsScanned;
    }

    /// <summary>UTF-16 and UTF-32 text with a BOM has NULs but is text; a StreamReader decodes it.</summary>
    private static bool HasUtf16Or32Bom(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static bool IsBinary(ReadOnlySpan<byte> head) => !HasUtf16Or32Bom(head) && head.Contains((byte)0);
}
