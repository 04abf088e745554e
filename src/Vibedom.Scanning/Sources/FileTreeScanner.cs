using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Sources;

/// <summary>
/// The pre-flight source: every file under a root (git-ignored ones too, since an agent reads them),
/// except <c>.git</c> object stores, symlinks, binary files (NUL in the first 8000 bytes, as git
/// decides) and, unless <see cref="ScanOptions.IncludeVendored"/>, <see cref="VendoredFolders"/>, whose
/// files are counted and reported instead. Files are scanned in parallel and streamed in bounded fragments.
/// </summary>
public sealed partial class FileTreeScanner
{
    private const int SniffBytes = 8000;
    private static readonly string[] SkippedGitDirs = ["objects", "lfs", "logs"];

    private readonly Detector _detector;
    private readonly ScanOptions _options;

    public FileTreeScanner(Detector detector, ScanOptions? options = null)
    {
        _detector = detector;
        _options = options ?? new ScanOptions();
    }

    /// <summary>Scans a folder (or one file); <paramref name="progress"/> gets the number of files done after each file.</summary>
    public async Task<ScanResult> ScanAsync(string root, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        var files = new List<string>();
        var unreadable = new ConcurrentBag<SkippedFile>();
        var vendored = new List<string>();
        if (File.Exists(root))
        {
            files.Add(root);
            root = Path.GetDirectoryName(root)!;
        }
        else
        {
            Walk(root, root, files, unreadable, vendored);
        }

        var sink = new FindingSink(_options.Ignored);
        long scanned = 0, binary = 0, bytes = 0, done = 0;
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken },
            (full, ct) =>
            {
                var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
                try
                {
                    var outcome = ScanFile(full, relative, sink, ct);
                    if (outcome < 0)
                    {
                        Interlocked.Increment(ref binary);
                    }
                    else
                    {
                        Interlocked.Increment(ref scanned);
                        Interlocked.Add(ref bytes, outcome);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    unreadable.Add(new SkippedFile(relative, e.Message));
                }
                catch (RegexMatchTimeoutException)
                {
                    unreadable.Add(new SkippedFile(relative, "a rule's regex timed out on this file"));
                }

                progress?.Report(Interlocked.Increment(ref done));
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);

        return sink.ToResult(unreadable.OrderBy(u => u.File, StringComparer.Ordinal).ToArray(), scanned, binary, bytes) with
        {
            VendoredFolders = vendored,
            VendoredFilesSkipped = vendored.Sum(v => VendoredFolders.CountFiles(Path.Combine(root, v))),
        };
    }

    /// <summary>Scans text from a reader (standard input, a request body): no path, so path rules do not apply.</summary>
    public ScanResult ScanText(TextReader reader, string? displayPath = null)
    {
        var sink = new FindingSink(_options.Ignored);
        try
        {
            using var detector = new StreamingDetector(_detector, path: displayPath);
            var bytes = ScanReader(reader, detector, displayPath, sink, CancellationToken.None);
            return sink.ToResult([], 1, 0, bytes);
        }
        catch (RegexMatchTimeoutException)
        {
            return sink.ToResult([new SkippedFile(displayPath ?? "stdin", "a rule's regex timed out on this input")], 1, 0, 0);
        }
    }

    /// <summary>Returns the chars scanned, or -1 for a binary file.</summary>
    private long ScanFile(string full, string relative, FindingSink sink, CancellationToken ct)
    {
        if (_options.ExcludedFiles.Contains(full) || _detector.Rules.Allowlists.Any(a => a.PathAllowed(relative)))
        {
            return 0;
        }

        // Empty files, and FIFOs, sockets and devices (which report size 0 and could block an open), have no text:
        // only path rules apply to them.
        var length = new FileInfo(full).Length;
        if (length == 0)
        {
            sink.Add(_detector.Detect(new Fragment(string.Empty) { FilePath = relative }), relative);
            return 0;
        }

        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, FileOptions.SequentialScan);
        var head = new byte[SniffBytes];
        var n = stream.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);

        if (IsBinary(head.AsSpan(0, n)))
        {
            // no text to scan, but path rules (a .p12 key store) still apply
            sink.Add(_detector.Detect(new Fragment(string.Empty) { FilePath = relative }), relative);
            return -1;
        }

        stream.Position = 0;
        using var detector = new StreamingDetector(_detector, path: relative, lengthHint: length);
        if (HasUtf16Or32Bom(head.AsSpan(0, n)))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, (int)Math.Min(1 << 16, length + 16));
            return ScanReader(reader, detector, relative, sink, ct);
        }

        // UTF-8 (a BOM is not text, as a StreamReader drops it); invalid bytes are U+FFFD, as a StreamReader decodes them
        stream.Position = head.AsSpan(0, n).StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var block = new byte[(int)Math.Clamp(length, 1, 1 << 16)];
        int read;
        while ((read = stream.Read(block, 0, block.Length)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            sink.Add(detector.Write(block.AsSpan(0, read)).Select(m => m.Detail), relative);
        }

        sink.Add(detector.Complete().Select(m => m.Detail), relative);
        return detector.CharsScanned;
    }

    /// <summary>Text already decoded (standard input, a UTF-16 file), through the same windows.</summary>
    private static long ScanReader(TextReader reader, StreamingDetector detector, string? relative, FindingSink sink, CancellationToken ct)
    {
        var block = new char[1 << 15];
        int read;
        while ((read = reader.Read(block, 0, block.Length)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            sink.Add(detector.Write(block.AsSpan(0, read)).Select(m => m.Detail), relative ?? string.Empty);
        }

        sink.Add(detector.Complete().Select(m => m.Detail), relative ?? string.Empty);
        return detector.CharsScanned;
    }

    /// <summary>UTF-16 and UTF-32 text with a BOM has NULs but is text; a StreamReader decodes it.</summary>
    private static bool HasUtf16Or32Bom(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static bool IsBinary(ReadOnlySpan<byte> head) => !HasUtf16Or32Bom(head) && head.Contains((byte)0);

    private void Walk(string root, string dir, List<string> files, ConcurrentBag<SkippedFile> unreadable, List<string> vendored)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false }).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unreadable.Add(new SkippedFile(Path.GetRelativePath(root, dir).Replace('\\', '/') + "/", e.Message));
            return;
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is not null)
            {
                continue; // symlinks are not followed (gitleaks' default)
            }

            if (entry is DirectoryInfo sub)
            {
                if (Path.GetFileName(dir) == ".git" && SkippedGitDirs.Contains(sub.Name))
                {
                    continue;
                }

                var rel = Path.GetRelativePath(root, sub.FullName).Replace('\\', '/');
                if (!_options.IncludeVendored && VendoredFolders.IsVendored(sub.Name))
                {
                    vendored.Add(rel); // counted after the walk
                    continue;
                }

                try
                {
                    if (_detector.Rules.Allowlists.Any(a => a.PathAllowed(rel)))
                    {
                        continue; // gitleaks skips globally allowlisted directories whole
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    unreadable.Add(new SkippedFile(rel + "/", "a path allowlist's regex timed out on this name"));
                    continue;
                }

                Walk(root, sub.FullName, files, unreadable, vendored);
            }
            else if (entry is FileInfo file && (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0)
            {
                files.Add(file.FullName);
            }
        }
    }
}
