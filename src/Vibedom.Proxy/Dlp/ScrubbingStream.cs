using System.Buffers;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// A read-only stream of <paramref name="inner"/>'s bytes as the <see cref="BodyScrubber"/> lets them out: each read
/// of the source is scrubbed and what is safe to send is returned at once (the scrubber holds back only what could
/// still be the start of a match). At the end of the source, or when disposed before it, the hits go to
/// <paramref name="ended"/> (once). Memory: one read buffer and what the scrubber emits for it.
/// <para>With <paramref name="wholeUpTo"/> above 0 (a body whose declared length is short, not an event stream), the
/// first read reads the source ahead up to that many bytes: a body that ends within them is scrubbed in one scan
/// (<see cref="BodyScrubber.ScrubWhole"/>, not the streaming windows that scan a one-line body about 1.5 times); a
/// longer one is written as read and streams on.</para>
/// </summary>
internal sealed class ScrubbingStream(Stream inner, BodyScrubber scrubber, Action<IReadOnlyList<DlpHit>> ended, int wholeUpTo = 0) : Stream
{
    private const int ReadSize = 64 * 1024;

    private ArrayBufferWriter<byte>? _output;
    private byte[]? _input = ArrayPool<byte>.Shared.Rent(ReadSize);

    /// <summary>A body read ahead in which nothing was replaced: served from the read-ahead buffer as it came (no output copy).</summary>
    private byte[]? _unchanged;
    private int _unchangedLength;
    private int _position;
    private bool _completed;
    private int _reported;
    private int _readAhead = wholeUpTo;

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
        while (_position == Pending.Length)
        {
            if (_completed)
            {
                return 0;
            }

            _output?.ResetWrittenCount();
            _position = 0;
            if (_readAhead > 0)
            {
                await ReadAheadAsync(_readAhead, cancellationToken).ConfigureAwait(false);
                _readAhead = 0;
                continue;
            }

            var read = await inner.ReadAsync(_input, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                scrubber.Complete(Output);
                _completed = true;
                Report();
            }
            else
            {
                scrubber.Write(_input.AsSpan(0, read), Output);
            }
        }

        var pending = Pending.Span;
        var count = Math.Min(buffer.Length, pending.Length - _position);
        pending.Slice(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    /// <summary>What the reads hand out now: the scrubber's output, or the unchanged body read ahead.</summary>
    private ReadOnlyMemory<byte> Pending => _unchanged is { } unchanged ? unchanged.AsMemory(0, _unchangedLength) : _output?.WrittenMemory ?? default;

    /// <summary>Created at the first read that needs it (a body read ahead and left unchanged never does).</summary>
    private ArrayBufferWriter<byte> Output => _output ??= new(ReadSize);

    /// <summary>
    /// <see cref="Output"/> created at the first write: a body scrubbed whole and left unchanged (most are) writes
    /// nothing, and an output buffer made for it cost each exchange 64 KiB allocated and cleared.
    /// </summary>
    private sealed class OutputOnDemand(ScrubbingStream owner) : IBufferWriter<byte>
    {
        public void Advance(int count) => owner.Output.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => owner.Output.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => owner.Output.GetSpan(sizeHint);
    }

    /// <summary>The first read: up to <paramref name="limit"/> bytes scrubbed whole when the source ends within them.</summary>
    private async ValueTask ReadAheadAsync(int limit, CancellationToken cancellationToken)
    {
        byte[]? ahead = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            var length = 0;
            int read;
            while (length < limit && (read = await inner.ReadAsync(ahead.AsMemory(length, limit - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            read = length < limit ? 0 : await inner.ReadAsync(_input, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (!scrubber.ScrubWholeIfChanged(ahead.AsSpan(0, length), new OutputOnDemand(this)))
                {
                    (_unchanged, _unchangedLength, ahead) = (ahead, length, null); // returned to the pool when disposed
                }

                _completed = true;
                Report();
                return;
            }

            scrubber.Write(ahead.AsSpan(0, length), Output);
            scrubber.Write(_input.AsSpan(0, read), Output);
        }
        finally
        {
            if (ahead is not null)
            {
                ArrayPool<byte>.Shared.Return(ahead);
            }
        }
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
            if (Interlocked.Exchange(ref _unchanged, null) is { } unchanged)
            {
                ArrayPool<byte>.Shared.Return(unchanged);
            }

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
