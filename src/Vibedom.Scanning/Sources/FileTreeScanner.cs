using System.Buffers;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Sources;

/// <summary>
/// The pre-flight source: every file under a root (git-ignored ones too, since an agent reads them),
/// except <c>.git</c> object stores, symlinks, binary files (NUL in the first 8000 bytes, as git
/// decides) and, unless <see cref="ScanOptions.IncludeVendored"/>, <see cref="VendoredFolders"/>, whose
/// files are counted and reported instead. One thread walks the tree and hands files through a bounded
/// channel to at most <see cref="ScanOptions.Parallelism"/> workers (one more each time the walk finds another
/// file, so a small tree gets one); each worker streams its files through one pooled read buffer into a
/// <see cref="StreamingDetector"/> in <see cref="ScanOptions.Window"/>-sized windows: memory does not grow
/// with a file's size or the tree's.
/// </summary>
public sealed partial class FileTreeScanner
{
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
        var sink = new FindingSink(_options.Ignored);
        var tally = new ScanTally();
        var vendored = new List<string>();
        var maxWorkers = Math.Max(1, _options.Parallelism);
        var channel = Channel.CreateBounded<TreeFile>(new BoundedChannelOptions(maxWorkers * 64)
        {
            SingleWriter = true,
            SingleReader = maxWorkers == 1,
        });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new List<Task>(maxWorkers);
        long vendoredFiles = 0;

        // runs on the walk's thread only: a worker starts with each of the first files, the walk waits while the channel is full
        void Emit(TreeFile file)
        {
            if (workers.Count < maxWorkers)
            {
                workers.Add(Task.Run(() => Work(channel.Reader, sink, tally, progress, failed), CancellationToken.None));
            }

            if (!channel.Writer.TryWrite(file))
            {
                channel.Writer.WriteAsync(file, failed.Token).AsTask().GetAwaiter().GetResult();
            }
        }

        var walk = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    if (File.Exists(root))
                    {
                        Emit(new TreeFile(root, Path.GetFileName(root)));
                    }
                    else
                    {
                        Walk(root, string.Empty, Emit, tally, vendored, failed.Token);
                        channel.Writer.TryComplete();
                        vendoredFiles = vendored.Sum(v => VendoredFolders.CountFiles(Path.Join(root, v))); // while the workers finish
                    }
                }
                finally
                {
                    channel.Writer.TryComplete();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        try
        {
            await walk.ConfigureAwait(false);
        }
        finally
        {
            channel.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        failed.Token.ThrowIfCancellationRequested();
        return sink.ToResult([.. tally.Unreadable.OrderBy(u => u.File, StringComparer.Ordinal)], tally.Scanned, tally.Binary, tally.Bytes) with
        {
            VendoredFolders = vendored,
            VendoredFilesSkipped = vendoredFiles,
        };
    }

    /// <summary>Scans text from a reader (standard input, a request body): no path, so path rules do not apply.</summary>
    public ScanResult ScanText(TextReader reader, string? displayPath = null)
    {
        var sink = new FindingSink(_options.Ignored);
        try
        {
            using var detector = new StreamingDetector(_detector, _options.Window, path: displayPath);
            var bytes = ScanReader(reader, detector, displayPath ?? string.Empty, sink, CancellationToken.None);
            return sink.ToResult([], 1, 0, bytes);
        }
        catch (RegexMatchTimeoutException)
        {
            return sink.ToResult([new SkippedFile(displayPath ?? "stdin", "a rule's regex timed out on this input")], 1, 0, 0);
        }
    }

    /// <summary>One worker: files from the channel until the walk is done, through one pooled buffer.</summary>
    private async Task Work(ChannelReader<TreeFile> files, FindingSink sink, ScanTally tally, IProgress<long>? progress, CancellationTokenSource failed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBlock);
        try
        {
            while (await files.WaitToReadAsync(failed.Token).ConfigureAwait(false))
            {
                while (files.TryRead(out var file))
                {
                    var done = ScanOne(file, buffer, sink, tally, failed.Token);
                    progress?.Report(done);
                }
            }
        }
        catch
        {
            failed.Cancel(); // the walk stops instead of waiting on a channel nobody drains
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private long ScanOne(TreeFile file, byte[] buffer, FindingSink sink, ScanTally tally, CancellationToken ct)
    {
        try
        {
            return tally.Done(ScanFile(file, buffer, sink, ct));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return tally.Skipped(SkippedFile.Of(file.Relative, e));
        }
        catch (RegexMatchTimeoutException)
        {
            return tally.Skipped(new SkippedFile(file.Relative, "a rule's regex timed out on this file"));
        }
    }
}
