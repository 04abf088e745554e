using System.Globalization;
using Vibedom.Core.Limits;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>Writing the limits: v2 (controllers enabled down to the session) and v1 (one folder per hierarchy), never swap.</summary>
public sealed partial class SessionCgroup
{
    private const long CpuPeriod = 100_000;

    private void CreateV2(string parent, ResourceLimits limits)
    {
        var controllers = File.ReadAllText(Path.Combine(parent, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
        var wanted = string.Join(' ', new[] { "memory", "pids", "cpu" }.Where(controllers.Contains).Select(c => "+" + c));
        var enabled = File.ReadAllText(Path.Combine(parent, "cgroup.subtree_control"));
        if (wanted.Split(' ').Any(c => !enabled.Contains(c[1..], StringComparison.Ordinal)))
        {
            File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), wanted);
        }

        var root = Path.Combine(parent, CgroupLayout.Folder);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "cgroup.subtree_control"), wanted);
        var dir = Directories[0];
        Directory.CreateDirectory(dir);
        Write(dir, "memory.max", limits.MemoryBytes);
        WriteIfPresent(dir, "memory.swap.max", "0");
        Write(dir, "pids.max", limits.Pids);
        WriteIfPresent(dir, "cpu.max", string.Create(CultureInfo.InvariantCulture, $"{Quota(limits)} {CpuPeriod}"));
    }

    private void CreateV1(ResourceLimits limits)
    {
        foreach (var dir in Directories)
        {
            Directory.CreateDirectory(dir);
        }

        var memory = layout.DirectoryOf("memory", sessionId)!;
        Write(memory, "memory.limit_in_bytes", limits.MemoryBytes);
        WriteIfPresent(memory, "memory.memsw.limit_in_bytes", limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        Write(layout.DirectoryOf("pids", sessionId)!, "pids.max", limits.Pids);
        if (layout.DirectoryOf("cpu", sessionId) is { } cpu)
        {
            Write(cpu, "cpu.cfs_period_us", CpuPeriod);
            Write(cpu, "cpu.cfs_quota_us", Quota(limits));
        }
    }

    private static long Quota(ResourceLimits limits) => Math.Max(1000, (long)(limits.Cpus * CpuPeriod));

    private static void Write(string dir, string file, long value) =>
        File.WriteAllText(Path.Combine(dir, file), value.ToString(CultureInfo.InvariantCulture));

    private static void WriteIfPresent(string dir, string file, string value)
    {
        if (File.Exists(Path.Combine(dir, file)))
        {
            File.WriteAllText(Path.Combine(dir, file), value);
        }
    }
}
