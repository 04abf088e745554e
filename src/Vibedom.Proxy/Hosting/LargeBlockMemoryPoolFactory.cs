using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Vibedom.Proxy.Hosting;

/// <summary>Gives Kestrel (its socket transport and connections) the proxy's <see cref="LargeBlockMemoryPool"/>.</summary>
internal sealed class LargeBlockMemoryPoolFactory(LargeBlockMemoryPool pool) : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new Unowned(pool);

    /// <summary>A view Kestrel may dispose when a listener closes without emptying the shared pool.</summary>
    private sealed class Unowned(MemoryPool<byte> inner) : MemoryPool<byte>
    {
        public override int MaxBufferSize => inner.MaxBufferSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => inner.Rent(minBufferSize);

        protected override void Dispose(bool disposing)
        {
        }
    }
}
