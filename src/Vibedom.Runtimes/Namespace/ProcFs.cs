using System.Globalization;

namespace Vibedom.Runtimes.Namespace;

/// <summary>Reads process facts from /proc: liveness with start time (against pid reuse), and the sandbox's init under a supervisor.</summary>
public static class ProcFs
{
    /// <summary>Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or null when it is gone.</summary>
    public static long? StartTicks(int pid) => Stat(pid) is { } s ? s.StartTicks : null;

    /// <summary>True while the process exists, is not a zombie, and (when given) started at <paramref name="startTicks"/>.</summary>
    public static bool IsAlive(int pid, long? startTicks = null) =>
        Stat(pid) is { } s && s.State != 'Z' && s.State != 'X' && (startTicks is null || s.StartTicks == startTicks);

    /// <summary>
    /// The vibedom-init of the sandbox under <paramref name="supervisorPid"/>: the shallowest descendant
    /// named vibedom-init that lives in a child pid namespace. Its namespaces are the sandbox's.
    /// </summary>
    public static int? FindSandboxInit(int supervisorPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Stat(pid) is not { } s)
            {
                continue;
            }

            if (!children.TryGetValue(s.ParentPid, out var list))
            {
                children[s.ParentPid] = list = [];
            }

            list.Add(pid);
        }

        var queue = new Queue<int>([supervisorPid]);
        var seen = new HashSet<int>();
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            if (!seen.Add(pid))
            {
                continue;
            }

            if (pid != supervisorPid && Stat(pid) is { Name: SandboxHelper.FileName, State: not 'Z' } && NamespaceDepth(pid) > 1)
            {
                return pid;
            }

            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                queue.Enqueue(child);
            }
        }

        return null;
    }

    /// <summary>Every pid (host view) of the processes under <paramref name="rootPid"/>, zombies excluded.</summary>
    public static IReadOnlyList<int> Descendants(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { State: not 'Z' } s)
            {
                parents[pid] = s.ParentPid;
            }
        }

        return parents.Keys.Where(pid => IsUnder(pid, rootPid, parents)).Order().ToList();
    }

    private static bool IsUnder(int pid, int root, Dictionary<int, int> parents)
    {
        for (var p = pid; parents.TryGetValue(p, out var parent) && p > 1; p = parent)
        {
            if (parent == root)
            {
                return true;
            }
        }

        return false;
    }

    private static int NamespaceDepth(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
            return line is null ? 1 : line["NSpid:".Length..].Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        return new ProcStat(
            text[(open + 1)..close],
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    private sealed record ProcStat(string Name, char State, int ParentPid, long StartTicks);
}
