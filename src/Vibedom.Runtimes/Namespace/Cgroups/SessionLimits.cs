using System.Globalization;
using Vibedom.Core.Limits;
using Vibedom.Core.Sandbox;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// The limits of one running session: its cgroup (created before the sandbox starts), the disk watcher of a
/// foreground sandbox, and a record in the run state (limits and cgroup folders) so that stop and orphan
/// cleanup can report what was reached and remove the cgroup even when vibedom itself died.
/// </summary>
public sealed class SessionLimits
{
    private readonly ResourceLimits _limits;
    private readonly SessionCgroup _cgroup;
    private readonly DiskWatcher? _watcher;

    private SessionLimits(ResourceLimits limits, SessionCgroup cgroup, DiskWatcher? watcher)
    {
        _limits = limits;
        _cgroup = cgroup;
        _watcher = watcher;
    }

    /// <summary>Creates the cgroup and records it; with <paramref name="supervisor"/>, also watches changes/. Null when the plan has no limits.</summary>
    internal static SessionLimits? Start(SandboxPlan plan, ISandboxEvents events, HostLayout host, RunState state, Func<int?>? supervisor, TimeProvider time)
    {
        if (plan.Limits is not { } limits)
        {
            return null;
        }

        var cgroup = new SessionCgroup(host.Cgroups, plan.SessionId);
        cgroup.Create(limits);
        File.WriteAllLines(state.LimitsFile, [
            string.Create(CultureInfo.InvariantCulture, $"{limits.MemoryBytes} {limits.Pids} {limits.Cpus} {limits.DiskBytes}"),
            .. cgroup.Directories,
        ]);
        events.Note($"Limits: {limits} ({Enforcement.Describe(host)})");
        var launch = plan.LaunchAs<NamespaceLaunch>();
        var watcher = supervisor is null ? null : DiskWatcher.Start(launch.ChangesDirectory, launch.StateDirectories, limits, supervisor, time);
        return new SessionLimits(limits, cgroup, watcher);
    }

    /// <summary>After the sandbox ended: stops the watcher, reports what was reached (never writes a session record), removes the cgroup.</summary>
    public async Task FinishAsync(ISandboxEvents events)
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync().ConfigureAwait(false);
        }

        events.LimitsReached([.. _cgroup.Reached(_limits), .. _watcher?.Reached is { } disk ? [disk] : Array.Empty<string>()]);
        _cgroup.Remove();
    }

    /// <summary>Each limit reached, from the run state's record, then removes the cgroup; idempotent, writes no record.</summary>
    internal static IReadOnlyList<string> ReleaseRecorded(RunState state)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(state.LimitsFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var cgroup = new SessionCgroup(Directories(lines));
        var reached = Parse(lines) is { } limits ? cgroup.Reached(limits) : [];
        cgroup.Remove();
        File.Delete(state.LimitsFile);
        return reached;
    }

    /// <summary>The limits recorded for a running session (a detached session's host watches its disk use); null when none.</summary>
    internal static ResourceLimits? RecordedLimits(RunState state)
    {
        try
        {
            return Parse(File.ReadAllLines(state.LimitsFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ResourceLimits? Parse(string[] lines)
    {
        var numbers = lines.FirstOrDefault()?.Split(' ') ?? [];
        return numbers.Length == 4
            && long.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out var memory)
            && int.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pids)
            && double.TryParse(numbers[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var cpus)
            && long.TryParse(numbers[3], NumberStyles.None, CultureInfo.InvariantCulture, out var disk)
            ? new ResourceLimits(memory, pids, cpus, disk)
            : null;
    }

    /// <summary>The cgroup folders recorded for a running session (exec joins them); empty when none.</summary>
    internal static IReadOnlyList<string> RecordedDirectories(RunState state)
    {
        try
        {
            return Directories(File.ReadAllLines(state.LimitsFile)).Where(Directory.Exists).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static List<string> Directories(string[] lines) =>
        lines.Skip(1).Where(l => l.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal) && !l.Contains("..", StringComparison.Ordinal)).ToList();
}
