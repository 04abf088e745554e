namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>How this machine lets vibedom bound a session: cgroup v2, cgroup v1, or not at all (rlimits and the disk watcher only).</summary>
public enum CgroupVersion
{
    None,
    V1,
    V2,
}
