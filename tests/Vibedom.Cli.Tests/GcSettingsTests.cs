using System.Text.Json;
using Vibedom.Scanning.Sources;
using Xunit;

namespace Vibedom.Cli.Tests;

/// <summary>
/// The CLI's garbage collector settings that keep a scan's peak memory down (issue 14), read from the runtime
/// configuration the build writes beside the real `vibedom` (the native publish embeds the same file's settings).
/// Measured on gitleaks' config over a 95 MB corpus, JIT build: 176-208 MiB peak RSS before (3 runs), 125-130 MiB
/// with both (3 runs); the native binary: bench/scan/README.md.
/// </summary>
public sealed class GcSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vibedom.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void A_file_scan_window_is_allocated_below_the_large_object_threshold_so_a_gen0_collection_frees_it()
    {
        // the text of one window: the owned chars plus the context either side, as one string (2 bytes a char)
        var window = ScanOptions.FileWindow;
        var windowBytes = 2L * (Math.Max(window.Size, window.Overlap * 2) + (2L * window.Overlap));

        Assert.True(ConfigProperties().TryGetProperty("System.GC.LOHThreshold", out var threshold), "no System.GC.LOHThreshold: the default (85,000 bytes) puts every window on the large object heap");
        Assert.True(threshold.GetInt64() > 2 * windowBytes, $"LOH threshold {threshold.GetInt64()} bytes, a window and a decoded copy {2 * windowBytes}");
    }

    [Fact]
    public void The_cli_runs_with_background_gc_which_bounds_the_gen0_budget()
    {
        Assert.True(ConfigProperties().GetProperty("System.GC.Concurrent").GetBoolean());
    }
}
