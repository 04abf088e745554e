using System.Buffers;
using System.Collections.Concurrent;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// The proxy's memory pool for Kestrel's sockets and the intercepted TLS pipes: pinned blocks of
/// <see cref="BlockSize"/> bytes (Kestrel's own pool hands out 4 KiB ones). A socket receive fills at most one block, and
/// each block written to an <see cref="System.Net.Security.SslStream"/> becomes its own TLS record: with 4 KiB a 60 KB
/// body took 15 <c>recv</c> calls (and 15 peeks) and 15 records one way; with 32 KiB it takes 2-3 and 4 (records are at
/// most 16 KiB). Blocks are kept for reuse up to <see cref="MaxRetained"/>; the rest go to the GC.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 32 * 1024;

    /// <summary>Blocks kept free for reuse (2 MiB); a burst beyond it allocates and lets the GC take the surplus.</summary>
    public const int MaxRetained = 64;

    private readonly ConcurrentQueue<byte[]> _free = new();
    private int _freeCount;
    private long _rented;

    /// <summary>Blocks rented since the pool was made (tests check that Kestrel and the TLS pipes use it).</summary>
    public long Rented => Interlocked.Read(ref _rented);

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"at most {BlockSize} bytes");
        }

        Interlocked.Increment(ref _rented);
        if (_free.TryDequeue(out var array))
        {
            Interlocked.Decrement(ref _freeCount);
        }
        else
        {
            array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        }

        return new Block(this, array);
    }

    protected override void Dispose(bool disposing)
    {
        _free.Clear();
    }

    private void Return(byte[] array)
    {
        if (Interlocked.Increment(ref _freeCount) <= MaxRetained)
        {
            _free.Enqueue(array);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    /// <summary>One rented block; disposing it twice returns it once.</summary>
    private sealed class Block(LargeBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }
}
