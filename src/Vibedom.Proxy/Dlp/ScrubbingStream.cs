using System.Buffers;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// A read-only stream of <paramref name="inner"/>'s bytes as the <see cref="BodyScrubber"/> lets them out: each read
/// of the source is scrubbed and what is safe to send is returned at once (the scrubber holds back only what could
/// still be the start of a match). At the end of the source, or when disposed before it, the hits go to
/// <paramref name="ended"/> (once). Memory: one read buffer and what the scrubber emits for it.
/// </summary>
internal sealed class ScrubbingStream(Stream inner, BodyScrubber scrubber, Action<IReadOnlyList<DlpHit>> ended) : Stream
{
    private const int ReadSize = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _output = new(ReadSize);
    private byte[]? _input = ArrayPool<byte>.Shared.Rent(ReadSize);
    private int _position;
    private bool _completed;
    private int _reported;

    /// <summary>What the scrubber found so far.</summary>
    public IReadOnlyList<DlpHit> Hits => scrubber.Hits;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_input is null, this);
        while (_position == _output.WrittenCount)
        {
            if (_completed)
            {
                return 0;
            }

            _output.ResetWrittenCount();
            _position = 0;
            var read = await inner.ReadAsync(_input, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                scrubber.Complete(_output);
                _completed = true;
                Report();
            }
            else
            {
                scrubber.Write(_input.AsSpan(0, read), _output);
            }
        }

        var count = Math.Min(buffer.Length, _output.WrittenCount - _position);
        _output.WrittenSpan.Slice(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _input is { } input)
        {
            _input = null;
            ArrayPool<byte>.Shared.Return(input);
            Report();
            scrubber.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The hits so far, once: at the end of the body, or when it was abandoned (the upstream answered early).</summary>
    public void Report()
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            ended(scrubber.Hits);
        }
    }
}
