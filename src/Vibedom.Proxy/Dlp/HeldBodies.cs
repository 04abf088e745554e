namespace Vibedom.Proxy.Dlp;

/// <summary>
/// The bytes of request bodies the proxy holds whole at once, across all of a session's requests. A body is read
/// whole into an array of its declared length as soon as its headers arrive, and the agent decides how many
/// requests it opens and how long it takes to finish each: without a bound, requests that declare 4 MiB and stall
/// one byte short held that much each in the proxy's memory, on the host and outside the sandbox's memory limit
/// (red team s26: 200 such requests, 830 MiB). A request whose body does not fit streams through the scrubber
/// instead (block mode refuses it: it cannot stream).
/// </summary>
internal sealed class HeldBodies(long capacity)
{
    /// <summary>16 bodies of the 4 MiB a body is read whole up to.</summary>
    public const long DefaultCapacity = 64L << 20;

    private long _held;

    /// <summary>The bytes now reserved.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>A reservation of <paramref name="bytes"/> to dispose when the body is no longer held, or null when they do not fit.</summary>
    public IDisposable? TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _held, bytes) > capacity)
        {
            Interlocked.Add(ref _held, -bytes);
            return null;
        }

        return new Reservation(this, bytes);
    }

    private sealed class Reservation(HeldBodies owner, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Add(ref owner._held, -bytes);
            }
        }
    }
}
