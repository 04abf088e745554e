using System.Collections.Concurrent;

namespace Vibedom.Scanning.Sources;

/// <summary>What the workers of one tree scan counted, shared by all of them.</summary>
internal sealed class ScanTally
{
    private long _scanned;
    private long _binary;
    private long _bytes;
    private long _done;

    public ConcurrentBag<SkippedFile> Unreadable { get; } = [];

    public long Scanned => Interlocked.Read(ref _scanned);

    public long Binary => Interlocked.Read(ref _binary);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Records one file's outcome (chars scanned, or -1 for binary); returns the files done so far.</summary>
    public long Done(long outcome)
    {
        if (outcome < 0)
        {
            Interlocked.Increment(ref _binary);
        }
        else
        {
            Interlocked.Increment(ref _scanned);
            Interlocked.Add(ref _bytes, outcome);
        }

        return Interlocked.Increment(ref _done);
    }

    public long Skipped(SkippedFile file)
    {
        Unreadable.Add(file);
        return Interlocked.Increment(ref _done);
    }
}
