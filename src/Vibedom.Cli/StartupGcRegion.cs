using System.Runtime;

namespace Vibedom.Cli;

/// <summary>
/// The command's start without a garbage collection: a no-GC region of <see cref="Budget"/> bytes entered before
/// anything else runs. A whole `vibedom run WS --yes -- true` allocates less than that (about 10-16 MB, measured with
/// `DOTNET_GCgen0size`), more than the default gen-0 budget, so its one gen-0 collection, compacting everything the
/// start-up built (the rules, the automata, the config), was 8% of a run's CPU (perf, docs/ARCHITECTURE.md "Start-up").
/// Entering it does no collection (<c>disallowFullBlockingGC</c>: the GC only reserves the space); the memory is
/// committed, not touched. Once a command allocates more (a large scan, hours of proxying), the region ends by
/// itself with an ordinary collection and every later one follows the normal budgets: the first collection of a
/// long process comes later, once.
/// </summary>
internal static class StartupGcRegion
{
    /// <summary>Bytes the command may allocate before its first collection (small and large object heaps together).</summary>
    public const long Budget = 32L << 20;

    /// <summary>Of <see cref="Budget"/>, for objects above the large-object threshold (2 MiB here: rare at start-up).</summary>
    public const long LargeObjectBudget = 4L << 20;

    /// <summary>Enters the region; false when the runtime refuses (already in one, or no memory to commit): the command runs as before.</summary>
    public static bool TryEnter()
    {
        if (Active)
        {
            return false; // a second start would end the region that holds (the runtime's rule)
        }

        try
        {
            return GC.TryStartNoGCRegion(Budget, LargeObjectBudget, disallowFullBlockingGC: true);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>True while the region holds (no collection has happened since <see cref="TryEnter"/>).</summary>
    public static bool Active => GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
}
