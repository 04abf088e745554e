namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>A source that returns at most 16 KB per read, as a TLS connection hands over its records.</summary>
internal sealed class ShortReadStream(byte[] body) : MemoryStream(body, writable: false)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, 16 << 10)], cancellationToken);
}
