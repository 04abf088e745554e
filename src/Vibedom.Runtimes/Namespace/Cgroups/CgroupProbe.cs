using Vibedom.Core.Sandbox;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// Finds where this process may create session cgroups. cgroup v2: the highest writable ancestor of its own
/// cgroup (root: the hierarchy's root; an ordinary user: a delegated subtree such as systemd's
/// user@UID.service) whose controllers include memory and pids. Otherwise cgroup v1 (a hybrid host):
/// below its own cgroup of each of the memory, pids and cpu hierarchies, where writable (root).
/// Otherwise none. The decision is a pure function of /proc/self/mountinfo, /proc/self/cgroup and two probes.
/// </summary>
public static class CgroupProbe
{
    private static readonly string[] V1Controllers = ["memory", "pids", "cpu"];

    public static CgroupLayout Probe()
    {
        try
        {
            return Resolve(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"), Posix.CanWrite, ReadOrNull);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CgroupLayout.None;
        }
    }

    /// <param name="mountinfo">/proc/self/mountinfo.</param>
    /// <param name="selfCgroup">/proc/self/cgroup.</param>
    /// <param name="writable">Whether this process may create folders in a cgroup folder.</param>
    /// <param name="read">A cgroup file's text, or null.</param>
    public static CgroupLayout Resolve(string mountinfo, string selfCgroup, Func<string, bool> writable, Func<string, string?> read)
    {
        var mounts = Mounts(mountinfo);
        var own = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                foreach (var controller in parts[1].Length == 0 ? [CgroupLayout.Unified] : parts[1].Split(','))
                {
                    own[controller] = parts[2];
                }
            }
        }

        if (mounts.FirstOrDefault(m => m.Type == "cgroup2") is { } v2 && own.TryGetValue(CgroupLayout.Unified, out var path))
        {
            string? best = null;
            for (var dir = Under(v2, path); dir is not null && SandboxPolicy.IsSameOrUnder(dir, v2.Point) && writable(dir); dir = dir == v2.Point ? null : Path.GetDirectoryName(dir))
            {
                best = dir;
            }

            if (best is not null && Has(read(Path.Combine(best, "cgroup.controllers")), "memory", "pids")
                && (Has(read(Path.Combine(best, "cgroup.subtree_control")), "memory", "pids") || string.IsNullOrWhiteSpace(read(Path.Combine(best, "cgroup.procs")))))
            {
                return new CgroupLayout(CgroupVersion.V2, new Dictionary<string, string> { [CgroupLayout.Unified] = best });
            }
        }

        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var controller in V1Controllers)
        {
            if (mounts.FirstOrDefault(m => m.Type == "cgroup" && m.Options.Split(',').Contains(controller)) is { } mount
                && Under(mount, own.GetValueOrDefault(controller, "/")) is { } dir && writable(dir))
            {
                parents[controller] = dir;
            }
        }

        return parents.ContainsKey("memory") && parents.ContainsKey("pids") ? new CgroupLayout(CgroupVersion.V1, parents) : CgroupLayout.None;
    }

    private static bool Has(string? list, params string[] names) =>
        list is not null && names.All(n => list.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Contains(n));

    /// <summary>The host folder of cgroup <paramref name="path"/> in this mount (null when the mount does not show it).</summary>
    private static string? Under(Mount mount, string path)
    {
        if (!SandboxPolicy.IsSameOrUnder(path, mount.Root) && mount.Root != "/")
        {
            return null;
        }

        var relative = mount.Root == "/" ? path : path[mount.Root.Length..];
        return Path.TrimEndingDirectorySeparator(mount.Point + "/" + relative.TrimStart('/'));
    }

    private static List<Mount> Mounts(string mountinfo)
    {
        var mounts = new List<Mount>();
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var halves = line.Split(" - ", 2);
            var left = halves[0].Split(' ');
            var right = halves.Length == 2 ? halves[1].Split(' ') : [];
            if (left.Length >= 5 && right.Length >= 3 && right[0] is "cgroup" or "cgroup2")
            {
                mounts.Add(new Mount(Unescape(left[3]), Unescape(left[4]), right[0], right[2]));
            }
        }

        return mounts;
    }

    private static string Unescape(string field) => field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Mount(string Root, string Point, string Type, string Options);
}
