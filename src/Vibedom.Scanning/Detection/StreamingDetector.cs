using System.Buffers;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// A <see cref="Detector"/> over a stream of UTF-8 bytes written in chunks of any size (a file, a request body):
/// it decodes them, cuts the text into overlapping windows (<see cref="DetectionWindow"/>) and reports each match
/// exactly once, by the window owning the match's first char, with absolute byte offsets
/// (<see cref="StreamMatch"/>). A secret split across two writes is found as if written at once.
/// <list type="bullet">
/// <item>Invalid UTF-8: each maximal invalid sequence becomes one U+FFFD (as .NET's decoder and a
/// <see cref="StreamReader"/> do), which no secret shape contains, so it ends any match; byte offsets still count
/// the original bytes.</item>
/// <item>A write that ends inside a multi-byte char: its first bytes are held until the rest arrives (at the
/// end of the stream an incomplete char is one U+FFFD).</item>
/// <item>Hold-back: matches starting before <see cref="Settled"/> have all been reported; the bytes after it are
/// held, at most <see cref="DetectionWindow.Size"/> + <see cref="DetectionWindow.Overlap"/> chars. A consumer
/// releasing bytes (DLP) may release everything before <see cref="Settled"/>, replacing reported spans.</item>
/// <item>A value longer than the overlap is found whole when one window holds it; across a cut it may be reported
/// cut at the window's end (<see cref="StreamMatch.Truncated"/>) or, for a shape that needs its end (a PEM block),
/// missed.</item>
/// </list>
/// One instance per stream (not thread-safe); the <see cref="Detector"/> is shared. A rule's regex timing out
/// throws <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/> from the write that ran it.
/// </summary>
public sealed partial class StreamingDetector : IDisposable
{
    private const int ReadBlock = 1 << 16;
    private static readonly IReadOnlyList<StreamMatch> None = [];

    private readonly Detector _detector;
    private readonly string? _path;
    private readonly int _overlap;
    private readonly int _full;
    private char[] _buf;
    private int _len;
    private bool _first = true;
    private bool _completed;
    private int _startLine = 1;

    /// <param name="detector">The compiled rules (shared by every stream).</param>
    /// <param name="window">Window size and hold-back; <see cref="DetectionWindow"/>'s defaults when null.</param>
    /// <param name="path">The file path path rules and path allowlists see (null for a body or standard input).</param>
    /// <param name="lengthHint">Expected length in bytes, to size the first buffer (small files stay small).</param>
    public StreamingDetector(Detector detector, DetectionWindow? window = null, string? path = null, long lengthHint = -1)
    {
        ArgumentNullException.ThrowIfNull(detector);
        window ??= new DetectionWindow();
        window.Validate();
        _detector = detector;
        _path = path;
        _overlap = window.Overlap;
        _full = window.EffectiveSize + (2 * window.Overlap);
        _buf = ArrayPool<char>.Shared.Rent((int)Math.Clamp(lengthHint < 0 ? 4096 : lengthHint + 1, 16, _full));
    }

    /// <summary>Bytes written so far.</summary>
    public long Position { get; private set; }

    /// <summary>Every match starting before this byte offset has been reported.</summary>
    public long Settled { get; private set; }

    /// <summary>Chars of text scanned (each counted once), as the file scan reports it.</summary>
    public long CharsScanned { get; private set; }

    /// <summary>Feeds the next bytes of the stream; returns the matches this write settled (often none).</summary>
    public IReadOnlyList<StreamMatch> Write(ReadOnlySpan<byte> bytes)
    {
        ThrowIfCompleted();
        var found = new List<StreamMatch>();
        DecodeUtf8(bytes, found);
        return found.Count == 0 ? None : found;
    }

    /// <summary>
    /// Feeds text that is already decoded (a UTF-16 file, a <see cref="TextReader"/>); byte offsets count its UTF-8
    /// encoding. Not while a write's last bytes hold an incomplete UTF-8 char.
    /// </summary>
    public IReadOnlyList<StreamMatch> Write(ReadOnlySpan<char> text)
    {
        ThrowIfCompleted();
        if (_carryLength > 0)
        {
            throw new InvalidOperationException("text written while the bytes written before end inside a UTF-8 char");
        }

        var found = new List<StreamMatch>();
        Position += TextByteCount(text);
        Append(text, found);
        return found.Count == 0 ? None : found;
    }

    /// <summary>The stream ended: scans what is held and returns the last matches. <see cref="Settled"/> is then <see cref="Position"/>.</summary>
    public IReadOnlyList<StreamMatch> Complete()
    {
        ThrowIfCompleted();
        var found = new List<StreamMatch>();
        FlushCarry(found);
        ScanWindow(endOfStream: true, found);
        _completed = true;
        Settled = Position;
        return found.Count == 0 ? None : found;
    }

    /// <summary>Reads <paramref name="stream"/> to its end through this detector; returns every match.</summary>
    public IReadOnlyList<StreamMatch> ReadToEnd(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var all = new List<StreamMatch>();
        var block = ArrayPool<byte>.Shared.Rent(ReadBlock);
        try
        {
            int n;
            while ((n = stream.Read(block, 0, ReadBlock)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                all.AddRange(Write(block.AsSpan(0, n)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        all.AddRange(Complete());
        return all;
    }

    /// <summary><see cref="ReadToEnd"/>, reading asynchronously (a request body, a pipe).</summary>
    public async Task<IReadOnlyList<StreamMatch>> ReadToEndAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var all = new List<StreamMatch>();
        var block = ArrayPool<byte>.Shared.Rent(ReadBlock);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(block.AsMemory(0, ReadBlock), cancellationToken).ConfigureAwait(false)) > 0)
            {
                all.AddRange(Write(block.AsSpan(0, n)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        all.AddRange(Complete());
        return all;
    }

    public void Dispose()
    {
        var buf = _buf;
        _buf = [];
        _completed = true;
        if (buf.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buf);
        }
    }

    private void ThrowIfCompleted() => ObjectDisposedException.ThrowIf(_completed, this);
}
