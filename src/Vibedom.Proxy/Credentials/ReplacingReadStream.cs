namespace Vibedom.Proxy.Credentials;

/// <summary>
/// A read-only stream that returns <paramref name="inner"/>'s bytes with <see cref="Replacements"/> applied as they
/// flow: bytes are released as soon as no match can still start in them (a bounded hold-back: a tail that is a
/// proper prefix of a pattern), so a pattern split across reads is found and a stream that spells none is not
/// delayed. Same-length replacements: the length read is the length of the inner stream.
/// </summary>
internal sealed class ReplacingReadStream(Stream inner, Replacements replacements, Action<int>? replaced = null) : Stream
{
    private byte[] _buffer = new byte[Math.Max(16 * 1024, 4 * replacements.MaxLength)];
    private int _start;   // first byte not yet returned
    private int _ready;   // bytes before it are final and may be returned
    private int _end;     // end of the bytes read
    private int _scanFrom; // matches may start here or later (earlier bytes are final)
    private bool _eof;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (TryCopy(buffer, out var copied))
            {
                return copied;
            }

            Compact();
            var n = inner.Read(_buffer, _end, _buffer.Length - _end);
            Process(n);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryCopy(buffer.Span, out var copied))
            {
                return copied;
            }

            Compact();
            var n = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            Process(n);
        }
    }

    /// <summary>Copies final bytes out; true with 0 at the end of the stream (or for an empty destination).</summary>
    private bool TryCopy(Span<byte> destination, out int copied)
    {
        copied = Math.Min(destination.Length, _ready - _start);
        if (copied > 0 || destination.Length == 0)
        {
            _buffer.AsSpan(_start, copied).CopyTo(destination);
            _start += copied;
            return true;
        }

        return _eof && _start == _end;
    }

    private void Compact()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_ready, _end, _scanFrom, _start) = (_ready - _start, _end - _start, Math.Max(0, _scanFrom - _start), 0);
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2); // only when the held tail fills it: a tiny buffer
        }
    }

    private void Process(int read)
    {
        _end += read;
        _eof = read == 0;
        var data = _buffer.AsSpan(0, _end);
        var (count, after) = replacements.ReplaceAll(data, _scanFrom);
        if (count > 0)
        {
            replaced?.Invoke(count);
        }

        _ready = _eof ? _end : replacements.HoldFrom(data, after);
        _scanFrom = _ready;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
