using Vibedom.Proxy.Hosting;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>The proxy's buffer pool: 32 KiB pinned blocks, reused, each returned once.</summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Every_block_is_32_KiB_whatever_size_was_asked_for()
    {
        using var pool = new LargeBlockMemoryPool();

        using var small = pool.Rent(1);
        using var any = pool.Rent();

        Assert.Equal(32 * 1024, pool.MaxBufferSize);
        Assert.Equal(32 * 1024, small.Memory.Length);
        Assert.Equal(32 * 1024, any.Memory.Length);
        Assert.Equal(2, pool.Rented);
    }

    [Fact]
    public void A_returned_block_is_rented_again()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();

        using var second = pool.Rent();

        Assert.True(memory.Span == second.Memory.Span);
    }

    [Fact]
    public void A_block_disposed_twice_is_returned_once_so_two_renters_never_share_it()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();

        using var a = pool.Rent();
        using var b = pool.Rent();

        Assert.False(a.Memory.Span == b.Memory.Span);
        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public void A_request_for_more_than_a_block_is_refused()
    {
        using var pool = new LargeBlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(32 * 1024 + 1));
    }
}
