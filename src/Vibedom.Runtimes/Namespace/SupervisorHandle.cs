using System.Globalization;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// The namespace runtime's handle on a sandbox (kept opaque in session.json): the process that supervises it and
/// that process's start time, so a recycled pid is never mistaken for it. The only code that reads the handle.
/// </summary>
public sealed record SupervisorHandle(int Pid, long StartTicks)
{
    private const string Prefix = "supervisor:";

    /// <summary>The running process <paramref name="pid"/>; null when it is already gone.</summary>
    public static SupervisorHandle? Of(int pid) => ProcFs.StartTicks(pid) is { } ticks ? new SupervisorHandle(pid, ticks) : null;

    /// <summary>
    /// The handle written by <see cref="Format"/>; null for anything else (none, another runtime's, garbage, a pid that
    /// cannot be a supervisor). Never throws.
    /// </summary>
    public static SupervisorHandle? Parse(string? handle)
    {
        if (handle is null || !handle.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = handle[Prefix.Length..].Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && pid > 1 && ticks > 0
            ? new SupervisorHandle(pid, ticks)
            : null;
    }

    /// <summary>True while this very process (same pid, same start time) runs.</summary>
    public bool IsAlive => ProcFs.IsAlive(Pid, StartTicks);

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Pid}:{StartTicks}");
}
