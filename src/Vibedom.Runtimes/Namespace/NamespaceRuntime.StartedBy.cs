using System.Globalization;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Sandboxes started as another host account (<see cref="RuntimeUser"/>; the contract suite's "unprivileged" line): the
/// plan is made for that account (rootless, its name and home) and every host process of the sandbox (the helper, the
/// supervisor, exec) starts as it through setpriv, with its run state handed to it. Nothing else changes: the sandbox
/// is the one an ordinary user running vibedom gets.
/// </summary>
public sealed partial class NamespaceRuntime
{
    /// <summary>Starts sandboxes as <paramref name="startedBy"/> instead of as this process.</summary>
    /// <exception cref="VibedomException">This process is not root, or <paramref name="startedBy"/> is (usage error).</exception>
    public NamespaceRuntime(VibedomHome home, TimeProvider time, RuntimeUser startedBy)
        : this(home, time)
    {
        if (HostIdentity.EffectiveUid != 0 || startedBy.Uid == 0 || startedBy.Gid == 0 || !Path.IsPathFullyQualified(startedBy.Home))
        {
            throw VibedomException.Usage($"only root can start sandboxes as another account, and only as an unprivileged one with an absolute home (uid {startedBy.Uid.ToString(CultureInfo.InvariantCulture)}, gid {startedBy.Gid.ToString(CultureInfo.InvariantCulture)})");
        }

        StartedBy = startedBy;
    }

    /// <summary>The same runtime (same home, same starting account) on the host layout <paramref name="change"/> makes of this one's.</summary>
    public NamespaceRuntime WithHost(Func<HostLayout, HostLayout> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new NamespaceRuntime(home, time, change(Host), StartedBy, _runner);
    }

    private NamespaceRuntime(VibedomHome home, TimeProvider time, HostLayout host, RuntimeUser? startedBy, ProcessRunner? runner)
        : this(home, time, host, runner) => StartedBy = startedBy;

    /// <summary>The account that starts the sandboxes; null: this process's own.</summary>
    public RuntimeUser? StartedBy { get; }

    /// <summary>The probed host as <see cref="StartedBy"/> sees it: not root, its name and home, no session cgroups of root's.</summary>
    private HostLayout ForStarter(HostLayout probed) => StartedBy is not { } user
        ? probed
        : probed with { IsRoot = false, UserName = user.Name, Home = user.Home, Cgroups = CgroupLayout.None };

    /// <summary>The process as <see cref="StartedBy"/>: setpriv with its uid and gid and no supplementary groups, then the same argv.</summary>
    private ProcessSpec AsStarter(ProcessSpec spec)
    {
        if (StartedBy is not { } user)
        {
            return spec;
        }

        var setpriv = ProcessRunner.Which("setpriv") ?? throw VibedomException.Prerequisite("setpriv is needed to start sandboxes as another account: sudo apt-get install -y util-linux");
        return spec with
        {
            FileName = setpriv,
            Arguments = [$"--reuid={Id(user.Uid)}", $"--regid={Id(user.Gid)}", "--clear-groups", "--", spec.FileName, .. spec.Arguments],
        };

        static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
