using System.Runtime;
using Xunit;

namespace Vibedom.Cli.Tests;

[CollectionDefinition(nameof(StartupGcRegionTests), DisableParallelization = true)]
public sealed class StartupGcRegionCollection;

/// <summary>
/// The command's start runs in a no-GC region (<see cref="StartupGcRegion"/>): no collection until it has allocated
/// its budget, then ordinary collections again. The region is process-wide, so these tests run alone and leave none.
/// </summary>
[Collection(nameof(StartupGcRegionTests))]
public sealed class StartupGcRegionTests
{
    [Fact]
    public void The_cli_entry_point_enters_the_region_before_the_command_runs()
    {
        Leave();
        try
        {
            // the program's own entry point (the compiler's synchronous wrapper of the async top-level statements)
            var main = typeof(StartupGcRegion).Assembly.EntryPoint!;

            Assert.Equal(0, main.Invoke(null, [new[] { "--version" }]));
            Assert.True(StartupGcRegion.Active, "the version command ran outside a no-GC region");
        }
        finally
        {
            Leave();
        }
    }

    [Fact]
    public void Allocating_less_than_the_budget_collects_nothing_and_more_ends_the_region_with_an_ordinary_collection()
    {
        Leave();
        try
        {
            Assert.True(StartupGcRegion.TryEnter());
            var collections = GC.CollectionCount(0);
            Allocate(StartupGcRegion.Budget / 4);
            Assert.True(StartupGcRegion.Active);
            Assert.Equal(collections, GC.CollectionCount(0));

            Allocate(StartupGcRegion.Budget * 2);
            Assert.False(StartupGcRegion.Active, "the region held past its budget");
            Assert.True(GC.CollectionCount(0) > collections);
        }
        finally
        {
            Leave();
        }
    }

    [Fact]
    public void Entering_twice_is_refused_without_an_exception()
    {
        Leave();
        try
        {
            Assert.True(StartupGcRegion.TryEnter());
            Assert.False(StartupGcRegion.TryEnter());
            Assert.True(StartupGcRegion.Active);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Small objects (below the large-object threshold), as a command's start allocates them.</summary>
    private static void Allocate(long bytes)
    {
        for (long done = 0; done < bytes; done += 16 << 10)
        {
            GC.KeepAlive(new byte[16 << 10]);
        }
    }

    private static void Leave()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }
    }
}
