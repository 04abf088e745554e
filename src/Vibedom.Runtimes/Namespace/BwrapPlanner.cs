using System.Globalization;
using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Translates <see cref="SandboxPolicy"/> for one request into the namespace runtime's plan (pure; unit-tested):
/// the common part (environment, mounts, route, uid) and the exact host argv (<see cref="NamespaceLaunch"/>):
/// <c>vibedom-init overlay [--rootless] [--cgroup DIR].. WS CHANGES WORK WS -- bwrap ... -- vibedom-init run [--forward ..] -- CMD</c>.
/// The overlay is mounted on the workspace path itself inside a private mount namespace (bwrap 0.8
/// has no --overlay), so the host never sees it and it disappears with the sandbox's last process.
/// bwrap then builds an explicit minimal root on a tmpfs: nothing of the host is visible unless listed here.
/// </summary>
public static partial class BwrapPlanner
{
    public const string RuntimeName = "namespace";

    public const int SandboxUid = SandboxPolicy.SandboxUid;

    public const int SandboxGid = SandboxPolicy.SandboxGid;

    public const string SandboxHostName = "vibedom";

    /// <summary>Written by the helper (in the session's state folder) when the sandbox could not be built.</summary>
    public const string StartErrorFileName = "start-error";

    public const string SandboxPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The empty folder, in the session's state folder, under the host's /etc in the overlay the sandbox's /etc is.</summary>
    public const string EtcEmptyLayerName = "etc-layer";

    /// <summary>The host's mounts under /etc the helper carries over (its limit, MAX_STAGE in vibedom-init.c).</summary>
    public const int MaxEtcMounts = 64;

    /// <summary>Root-run sandboxes: the stage the helper builds (see vibedom-init.c, <c>overlay --as</c>).</summary>
    public const string StageDirectory = "/run/vibedom-stage";

    public static SandboxPlan Plan(SandboxRequest request, HostLayout host)
    {
        var workspace = SandboxPolicy.CheckWorkspace(request, host.Home);
        CheckOverlayPaths(request, workspace);
        if (request.Network is { TcpEndpoint: not null } tcp)
        {
            throw VibedomException.Usage($"the namespace runtime reaches the proxy through a Unix socket only, not {tcp}");
        }

        var stateDirectory = Path.Combine(host.RunDirectory, request.SessionId);
        var mounts = new List<SandboxMount>();
        var staged = new List<string>();
        var stagedState = new List<string>();
        var placed = new List<(string Source, string Target)>();
        var stage = host.IsRoot;
        var overlayTarget = stage ? StageDirectory + "/workspace" : workspace;

        // Root-run: bwrap runs as an unprivileged identity that cannot reach host paths under root's
        // folders, so every non-system source is bound on the stage first, and bwrap binds it from there.
        string Source(string hostPath)
        {
            if (!stage)
            {
                return hostPath;
            }

            staged.Add(hostPath);
            return $"{StageDirectory}/{Num(staged.Count - 1)}";
        }

        var args = new List<string>
        {
            host.BwrapPath,
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup", "--unshare-net",
            "--disable-userns", "--cap-drop", "ALL",
            "--uid", Num(SandboxUid), "--gid", Num(SandboxGid), "--hostname", SandboxHostName,
            "--die-with-parent", "--as-pid-1",
        };
        if (request.Terminal == SandboxTerminal.Inherit)
        {
            args.Add("--new-session");
        }

        void Add(SandboxMountKind kind, string target, string? source, params string[] argv)
        {
            mounts.Add(new SandboxMount(kind, target, source));
            args.AddRange(argv);
        }

        // A file under a system folder bwrap binds recursively is bound over by the helper beforehand (it comes
        // along with the folder, at the same path only when no link is on its way): bwrap 0.8 reads the whole mount
        // table once per bind it makes itself.
        bool Place(SandboxMountKind kind, string target, string source)
        {
            if (!UnderBoundSystemFolder(host, target) || !NoLinkOnTheWay(host, target))
            {
                return false;
            }

            mounts.Add(new SandboxMount(kind, target, kind == SandboxMountKind.Masked ? null : source));
            placed.Add((source, HostPath(host, target)));
            return true;
        }

        Add(SandboxMountKind.Tmpfs, "/", null, "--tmpfs", "/");
        foreach (var name in SandboxPolicy.SystemFolders)
        {
            if (!host.SystemEntries.TryGetValue(name, out var link))
            {
                continue;
            }

            var target = "/" + name;
            if (link is null)
            {
                var source = name == "etc" ? host.EtcDirectory : target;
                Add(SandboxMountKind.ReadOnlyBind, target, source, "--ro-bind", source, target);
                if (name == "etc")
                {
                    mounts.AddRange(host.EtcMounts.Select(m => new SandboxMount(SandboxMountKind.ReadOnlyBind, m, HostPath(host, m))));
                }
            }
            else
            {
                Add(SandboxMountKind.Symlink, target, link, "--symlink", link, target);
            }
        }

        foreach (var file in host.EtcSecretFiles)
        {
            if (!Place(SandboxMountKind.Masked, file, "/dev/null"))
            {
                Add(SandboxMountKind.Masked, file, null, "--ro-bind", "/dev/null", file);
            }
        }

        foreach (var dir in host.EtcSecretDirectories)
        {
            Add(SandboxMountKind.Masked, dir, null, "--tmpfs", dir);
        }

        var passwd = Path.Combine(stateDirectory, "passwd");
        var group = Path.Combine(stateDirectory, "group");
        var user = SandboxUserName(host.UserName);
        if (host.SystemEntries.ContainsKey("etc") && !Place(SandboxMountKind.ReadOnlyBind, "/etc/passwd", passwd))
        {
            Add(SandboxMountKind.ReadOnlyBind, "/etc/passwd", passwd, "--ro-bind", Source(passwd), "/etc/passwd");
        }

        if (host.SystemEntries.ContainsKey("etc") && !Place(SandboxMountKind.ReadOnlyBind, "/etc/group", group))
        {
            Add(SandboxMountKind.ReadOnlyBind, "/etc/group", group, "--ro-bind", Source(group), "/etc/group");
        }

        Add(SandboxMountKind.Proc, "/proc", null, "--proc", "/proc");
        // as root, bwrap's --dev binds the helper's fresh device nodes (--devices binds them over /dev/NAME first)
        Add(SandboxMountKind.Dev, "/dev", null, "--dev", "/dev");

        foreach (var folder in SandboxPolicy.PrivateFolders)
        {
            Add(SandboxMountKind.Tmpfs, folder, null, "--tmpfs", folder);
        }

        var home = SandboxPolicy.SandboxHome(host.Home);
        if (home != "/tmp")
        {
            Add(SandboxMountKind.Tmpfs, home, null, "--tmpfs", home);
        }

        foreach (var state in request.StateMounts)
        {
            var target = StateTarget(home, state);
            var source = stage ? $"{StageDirectory}/s{Num(stagedState.Count)}" : state.Source;
            if (stage)
            {
                stagedState.Add(state.Source);
            }

            Add(SandboxMountKind.StateBind, target, state.Source, "--bind", source, target);
        }

        var readOnly = SandboxPolicy.CheckReadOnlyMounts(request, host.Home, workspace, host.Files).Concat(SandboxPolicy.CheckCommandMounts(request, host.Home, workspace, host.Files)).ToList();
        foreach (var step in readOnly.SelectMany(m => m.Steps))
        {
            switch (step.Kind)
            {
                case ReadOnlyStepKind.Bind:
                    Add(SandboxMountKind.ReadOnlyBind, step.Target, step.Source, "--ro-bind", Source(step.Source!), step.Target);
                    break;
                case ReadOnlyStepKind.Folder:
                    Add(SandboxMountKind.Tmpfs, step.Target, null, "--tmpfs", step.Target);
                    break;
                case ReadOnlyStepKind.Link:
                    Add(SandboxMountKind.Symlink, step.Target, step.Source, "--symlink", step.Source!, step.Target);
                    break;
                case ReadOnlyStepKind.MaskFile:
                    Add(SandboxMountKind.Masked, step.Target, null, "--ro-bind", "/dev/null", step.Target);
                    break;
                case ReadOnlyStepKind.MaskFolder:
                    Add(SandboxMountKind.Masked, step.Target, null, "--tmpfs", step.Target);
                    break;
                case ReadOnlyStepKind.Seal:
                    args.AddRange(["--remount-ro", step.Target]);
                    break;
                default:
                    throw new InvalidOperationException($"unknown read-only step {step.Kind}");
            }
        }

        foreach (var link in request.CommandPlan.Links.Where(l => !readOnly.Any(m => SandboxPolicy.IsSameOrUnder(l.Path, m.Target))))
        {
            Add(SandboxMountKind.Symlink, link.Path, link.Target, "--symlink", link.Target, link.Path);
        }

        Add(SandboxMountKind.ReadOnlyBind, SandboxHelper.SandboxPath, host.HelperPath, "--ro-bind", Source(host.HelperPath), SandboxHelper.SandboxPath);
        if (request.Network is { } route)
        {
            var netDirectory = Source(route.HostDirectory);
            Add(SandboxMountKind.ReadOnlyBind, NetworkRoute.SandboxDirectory, route.HostDirectory,
                "--ro-bind", netDirectory, NetworkRoute.SandboxDirectory);
            var bundle = Path.Combine(route.HostDirectory, NetworkRoute.CaBundleName);
            foreach (var system in route.SystemCaBundles)
            {
                if (!Place(SandboxMountKind.ReadOnlyBind, system, bundle))
                {
                    Add(SandboxMountKind.ReadOnlyBind, system, bundle, "--ro-bind", Path.Combine(netDirectory, NetworkRoute.CaBundleName), system);
                }
            }
        }

        foreach (var hidden in request.HiddenPaths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (SandboxPolicy.SystemFolders.Any(name => host.SystemEntries.TryGetValue(name, out var l) && l is null && SandboxPolicy.IsSameOrUnder(hidden, "/" + name)))
            {
                Add(SandboxMountKind.Masked, hidden, null, "--tmpfs", hidden);
            }
        }

        Add(SandboxMountKind.Overlay, workspace, workspace, "--bind", overlayTarget, workspace);
        // over the overlay, after it: a file the user hid is /dev/null on a nodev mount (unreadable, size 0), and the agent, with no capability, can
        // neither unmount nor unlink nor rename a mount point
        foreach (var hidden in SandboxPolicy.CheckHiddenWorkspaceFiles(request, workspace, host.Files))
        {
            Add(SandboxMountKind.Masked, hidden, null, "--ro-bind", "/dev/null", hidden);
        }

        args.AddRange(["--chdir", workspace, "--", SandboxHelper.SandboxPath, "run"]);
        if (request.Limits is { } limits && host.Cgroups.Version == CgroupVersion.None)
        {
            args.AddRange(["--nproc", Num(limits.Pids)]);
        }

        if (request.Network is not null)
        {
            args.AddRange(["--forward", $"{NetworkRoute.ProxyAddress}={NetworkRoute.SandboxDirectory}/{NetworkRoute.SocketName}"]);
        }

        args.InsertRange(0, OverlayArguments(request, host, workspace, overlayTarget, (staged, stagedState, placed), stateDirectory));
        args.Add("--");
        args.AddRange(request.Command);

        return new SandboxPlan
        {
            Runtime = RuntimeName,
            SessionId = request.SessionId,
            Workspace = workspace,
            Command = request.Command,
            Environment = Environment(request, host, home, user),
            Mounts = mounts,
            SandboxUid = SandboxUid,
            SandboxGid = SandboxGid,
            Network = request.Network,
            Terminal = request.Terminal,
            Limits = request.Limits,
            Launch = new NamespaceLaunch
            {
                FileName = host.HelperPath,
                Arguments = args,
                ChangesDirectory = request.ChangesDirectory,
                StateDirectories = [.. request.StateMounts.Select(m => m.Source).Distinct(StringComparer.Ordinal)],
                Files = new Dictionary<string, string>
                {
                    [passwd] = $"root:x:0:0:root:/root:/bin/sh\n{user}:x:{Num(SandboxUid)}:{Num(SandboxGid)}:{user}:{home}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
                    [group] = $"root:x:0:\n{user}:x:{Num(SandboxGid)}:\nnogroup:x:65534:\n",
                },
            },
        };
    }

    /// <summary>Where live state of one session goes on the host (pid files, exit code, generated files).</summary>
    public static string StateDirectory(HostLayout host, string sessionId) => Path.Combine(host.RunDirectory, sessionId);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
