using System.Globalization;
using Vibedom.Core.Errors;
using Vibedom.Core.Limits;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// One session's cgroup (<c>vibedom/SESSION-ID</c> in each hierarchy): created with its limits before the
/// sandbox starts (the helper joins it before forking bwrap), read for limit events when the session ends,
/// and removed idempotently (remaining processes killed first), so a later command removes crash leftovers.
/// </summary>
public sealed partial class SessionCgroup(CgroupLayout layout, string sessionId)
{
    /// <summary>The cgroups recorded for a session (to read and remove them after the sandbox is gone).</summary>
    public SessionCgroup(IReadOnlyList<string> directories)
        : this(CgroupLayout.None, string.Empty) => Directories = directories;

    public IReadOnlyList<string> Directories { get; } = layout.SessionDirectories(sessionId);

    /// <summary>Creates the folders and writes the limits; any failure stops the start (exit 3).</summary>
    public void Create(ResourceLimits limits)
    {
        try
        {
            if (layout.Version == CgroupVersion.V2)
            {
                CreateV2(layout.Parents[CgroupLayout.Unified], limits);
            }
            else if (layout.Version == CgroupVersion.V1)
            {
                CreateV1(limits);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Remove();
            throw VibedomException.Prerequisite($"cannot set up the session's cgroup for its resource limits ({layout.Describe()}): {e.Message} (run 'vibedom doctor')");
        }
    }

    /// <summary>What the session ran into, one sentence each, e.g. "memory limit 512 MiB reached: the agent was killed (OOM)".</summary>
    public IReadOnlyList<string> Reached(ResourceLimits limits)
    {
        var reached = new List<string>();
        var ooms = Directories.Sum(d => Counter(d, "memory.events", "oom_kill") + Counter(d, "memory.oom_control", "oom_kill"));
        if (ooms > 0)
        {
            reached.Add(string.Create(CultureInfo.InvariantCulture, $"memory limit {ByteSize.Format(limits.MemoryBytes)} reached: the agent was killed (OOM; {ooms} process(es) killed)"));
        }

        var forks = Directories.Sum(d => Counter(d, "pids.events", "max"));
        if (forks > 0)
        {
            reached.Add(string.Create(CultureInfo.InvariantCulture, $"process limit {limits.Pids} reached: {forks} fork(s) refused"));
        }

        return reached;
    }

    /// <summary>Kills what is left in the session's cgroups and removes them; idempotent, never throws.</summary>
    public void Remove() => Remove(afterRead: null);

    /// <summary><see cref="Remove()"/>, with <paramref name="afterRead"/> called for each pid read before it is signalled (tests move it away).</summary>
    internal void Remove(Action<int>? afterRead)
    {
        foreach (var dir in Directories.Where(Directory.Exists))
        {
            KillAll(dir);
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var pids = ReadPids(dir);
                foreach (var pid in pids)
                {
                    afterRead?.Invoke(pid);
                    Kill(dir, pid);
                }

                try
                {
                    Directory.Delete(dir);
                    break;
                }
                catch (IOException)
                {
                    Thread.Sleep(20); // killed processes leave the cgroup once reaped
                }
                catch (UnauthorizedAccessException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The value of <paramref name="key"/> in a flat-keyed cgroup file ("oom_kill 2"), 0 when absent.</summary>
    private static long Counter(string dir, string file, string key)
    {
        try
        {
            if (!File.Exists(Path.Combine(dir, file)))
            {
                return 0;
            }

            var line = File.ReadLines(Path.Combine(dir, file)).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[0] == key);
            return line is not null && long.TryParse(line[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static List<int> ReadPids(string dir)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(dir, "cgroup.procs"))
                .Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(p => p > 0).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
