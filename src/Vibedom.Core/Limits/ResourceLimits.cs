using System.Globalization;
using Vibedom.Core.Config;

namespace Vibedom.Core.Limits;

/// <summary>
/// The bounds of one session: memory and processes (and threads) of the sandbox, its CPU time, and the
/// allocated size of its changes/. Unset keys default to values derived from the machine.
/// </summary>
public sealed record ResourceLimits(long MemoryBytes, int Pids, double Cpus, long DiskBytes)
{
    public const long MinimumMemory = 32L * 1024 * 1024;

    public const int MinimumPids = 8;

    public const long MinimumDisk = 1024L * 1024;

    /// <summary>The smallest <c>[limits] network_log</c>: a few thousand lines (its last eighth is kept for lines of requests under way).</summary>
    public const long MinimumNetworkLog = 1024L * 1024;

    /// <summary>The smallest <c>[limits] connections</c>: an agent's own API connection and a package manager's pool.</summary>
    public const int MinimumConnections = 16;

    /// <summary>The largest <c>[limits] connections</c> (the proxy's memory grows by about 80 KiB per open request).</summary>
    public const int MaximumConnections = 65536;

    public const int DefaultPids = 4096;

    public const long DefaultDisk = 20L * 1024 * 1024 * 1024;

    /// <summary>Defaults: half the machine's memory (at least 512 MiB), 4096 processes, every core, 20 GiB of changes.</summary>
    public static ResourceLimits Defaults(long machineMemoryBytes, int processors) => new(
        Math.Max(512L * 1024 * 1024, machineMemoryBytes / 2),
        DefaultPids,
        Math.Max(1, processors),
        DefaultDisk);

    /// <summary>The configured values over this machine's defaults (memory from /proc/meminfo).</summary>
    public static ResourceLimits ForThisMachine(LimitSettings settings, string meminfo = "/proc/meminfo")
    {
        var defaults = Defaults(MachineMemory(meminfo), Environment.ProcessorCount);
        return new ResourceLimits(
            settings.Memory ?? defaults.MemoryBytes,
            settings.Pids ?? defaults.Pids,
            settings.Cpu ?? defaults.Cpus,
            settings.Disk ?? defaults.DiskBytes);
    }

    /// <summary>One line for session.log: "memory 512 MiB, 4096 processes, 2 CPUs, disk 20 GiB".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"memory {ByteSize.Format(MemoryBytes)}, {Pids} processes, {Cpus} CPUs, changes/ {ByteSize.Format(DiskBytes)}");

    private static long MachineMemory(string meminfo)
    {
        try
        {
            var line = File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            return long.TryParse(kib, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * 1024 : 4L << 30;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 4L << 30;
        }
    }
}
