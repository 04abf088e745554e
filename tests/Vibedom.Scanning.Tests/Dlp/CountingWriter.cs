using System.Buffers;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>An output that counts what it receives into one reused buffer (a body of any size costs no memory).</summary>
internal sealed class CountingWriter : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[64 << 10];

    public long Written { get; private set; }

    public void Advance(int count) => Written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).Span;

    private Memory<byte> Ensure(int sizeHint)
    {
        if (sizeHint > _buffer.Length)
        {
            _buffer = new byte[sizeHint];
        }

        return _buffer;
    }
}
