using System.Diagnostics;
using System.Globalization;
using Vibedom.Core.Workspace;

/// <summary>A/B of the manifest build without and with the start store, on one workspace, alternating; then the rootless owner check.</summary>
internal static class StartStoreBench
{
    public static int Run(string workspace, int rounds)
    {
        var store = Path.Combine(Path.GetTempPath(), $"vibedom-start-bench-{Environment.ProcessId}");
        var without = new List<(double Cpu, double Wall)>();
        var with = new List<(double Cpu, double Wall)>();
        var files = 0;
        Manifest.Build(workspace); // warm: JIT and page cache
        for (var i = 0; i < rounds; i++)
        {
            without.Add(Measure(() => files = Manifest.Build(workspace).Count));
            with.Add(Measure(() =>
            {
                using var keep = StartStore.Create(store);
                Manifest.Build(workspace, keep: keep);
            }));
        }

        var owners = Enumerable.Range(0, rounds).Select(_ => Measure(() => ForeignOwners.Find(workspace, 0, 0))).ToList();
        var size = new FileInfo(store).Length;
        var kept = StartStore.ReadIndex(store).Values.Sum(v => (long)v.Length);
        File.Delete(store);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files} paths, {rounds} alternating pairs (median)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"manifest:               cpu {Median(without, p => p.Cpu):0} ms, wall {Median(without, p => p.Wall):0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"manifest + start store: cpu {Median(with, p => p.Cpu):0} ms, wall {Median(with, p => p.Wall):0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"owner check (rootless run): cpu {Median(owners, p => p.Cpu):0} ms, wall {Median(owners, p => p.Wall):0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start store: {size / 1024} KiB on disk for {kept / 1024} KiB of text kept"));
        return 0;
    }

    private static (double, double) Measure(Action build)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        build();
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalMilliseconds, wall.Elapsed.TotalMilliseconds);
    }

    private static double Median(List<(double Cpu, double Wall)> values, Func<(double Cpu, double Wall), double> of) =>
        values.Select(of).Order().ElementAt(values.Count / 2);
}
