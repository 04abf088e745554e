using Vibedom.Core.Sandbox;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>Which limits this machine enforces and how, for session.log and <c>vibedom doctor</c>.</summary>
public static class Enforcement
{
    public const string DiskWay = "changes/ by a disk watcher that stops the sandbox";

    public static string Describe(HostLayout host) => host.Cgroups.Version switch
    {
        CgroupVersion.None =>
            $"processes by RLIMIT_NPROC in the sandbox's own user namespace; memory and CPU not enforced (no cgroup this user may write); {DiskWay}",
        _ => $"memory, processes and CPU by {host.Cgroups.Describe()} under {string.Join(", ", host.Cgroups.Parents.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}; {DiskWay}",
    };

    /// <summary>doctor's line: always ok (the sandbox works either way), with the exact way to get the rest when cgroups are missing.</summary>
    public static PrerequisiteCheck Check(HostLayout host) => host.Cgroups.Version == CgroupVersion.None
        ? new PrerequisiteCheck("resource limits", true, Describe(host),
            "for memory and CPU limits run vibedom as root, or from a delegated cgroup v2 subtree (systemd-run --user --scope -p Delegate=yes vibedom ...)")
        : PrerequisiteCheck.Pass("resource limits", Describe(host));
}
