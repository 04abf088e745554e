using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;

namespace Vibedom.Runtimes.Namespace;

/// <summary>The helper's own arguments (before bwrap), the sandbox's environment and the namespace runtime's own refusals.</summary>
public static partial class BwrapPlanner
{
    /// <summary>
    /// The helper's own step (before bwrap): rootless, a user namespace of the caller's; as root, the
    /// sandbox runs as a host uid of its own from <see cref="HostLayout.SandboxHostUid"/>, never as root, on the staged sources.
    /// </summary>
    private static List<string> OverlayArguments(SandboxRequest request, HostLayout host, string workspace, string target, (List<string> Staged, List<string> State, List<(string Source, string Target)> Placed) sources, string stateDirectory)
    {
        var args = new List<string> { "overlay" };
        if (host.IsRoot)
        {
            args.AddRange(["--as", $"{Num(host.SandboxHostUid)}:{Num(host.SandboxHostGid)}:{Num(host.SandboxHostIdCount)}"]);
            foreach (var source in sources.Staged)
            {
                args.AddRange(["--stage", source]);
            }

            foreach (var source in sources.State)
            {
                args.AddRange(["--state", source]);
            }

            if (request.Network is { } route)
            {
                // the folder is 0700 until the helper knows the sandbox's gid: then 0710 for that group alone
                args.AddRange(["--net", route.HostDirectory]);
            }

            args.Add("--devices");
        }
        else
        {
            args.Add("--rootless");
        }

        args.AddRange(["--status", Path.Combine(stateDirectory, StartErrorFileName)]);
        args.AddRange(EtcViewArguments(host, stateDirectory));
        if (request.Limits is not null)
        {
            args.AddRange(host.Cgroups.SessionDirectories(request.SessionId).SelectMany(dir => new[] { "--cgroup", dir }));
        }

        foreach (var (source, file) in sources.Placed)
        {
            args.AddRange(["--ro-file", source, file]);
        }

        args.AddRange([workspace, request.ChangesDirectory, request.OverlayWorkDirectory, target, "--"]);
        return args;
    }


    /// <summary>
    /// The helper's <c>--etc ETC EMPTY [--etc-keep PATH]..</c> when the host's /etc is a folder: it shows /etc through a read-only
    /// overlay of its own (EMPTY, in the session's state folder, its empty second layer) and attaches the host's mounts under /etc
    /// on it again, so that no mount of the sandbox's /etc stands on a host name the host may rename over (see vibedom-init.c, etc_view).
    /// Not when a rootless helper would find host mounts under /etc: in its user namespace they are locked, and the kernel refuses
    /// a layer with locked mounts beneath (it would show what they cover); nor when one of them cannot be named to the helper (a name
    /// that is not UTF-8, read as U+FFFD): the overlay would show what that mount covers. /etc is then bound as it is (a known gap, SECURITY.md).
    /// </summary>
    private static List<string> EtcViewArguments(HostLayout host, string stateDirectory)
    {
        if (!host.SystemEntries.TryGetValue("etc", out var link) || link is not null || (!host.IsRoot && host.EtcMounts.Count > 0)
            || host.EtcMounts.Any(m => m.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            return [];
        }

        var empty = Path.Combine(stateDirectory, EtcEmptyLayerName);
        if (new[] { host.EtcDirectory, empty }.FirstOrDefault(OverlayCannotTake) is { } bad)
        {
            throw VibedomException.Usage($"the namespace runtime cannot show /etc through an overlay of a path containing ',', ':', '\\' or a newline: {bad}");
        }

        if (host.EtcMounts.Count > MaxEtcMounts)
        {
            throw VibedomException.Usage($"the namespace runtime carries at most {MaxEtcMounts} of the host's mounts under /etc into the sandbox; this host has {host.EtcMounts.Count}");
        }

        return ["--etc", host.EtcDirectory, empty, .. host.EtcMounts.SelectMany(m => new[] { "--etc-keep", HostPath(host, m) })];
    }

    /// <summary>True when PATH lies in a system folder bwrap binds recursively (a folder, not a link): what the helper binds there comes along.</summary>
    private static bool UnderBoundSystemFolder(HostLayout host, string path) =>
        SandboxPolicy.SystemFolders.Any(name => host.SystemEntries.TryGetValue(name, out var link) && link is null && SandboxPolicy.IsSameOrUnder(path, "/" + name));

    /// <summary>
    /// True when no component of PATH is a symlink. The helper mounts on the file itself, and bwrap's recursive bind
    /// of the folder brings it along only at that same path: through a link (`/etc/ssl/cert.pem` is one on some
    /// distributions) the mount would land where the link points, perhaps outside what bwrap binds, and a mask would
    /// be lost. Such a path stays a bwrap bind, as before.
    /// </summary>
    private static bool NoLinkOnTheWay(HostLayout host, string target)
    {
        var path = HostPath(host, target);
        for (var end = path.IndexOf('/', 1); ; end = path.IndexOf('/', end + 1))
        {
            if (host.Files.ReadLink(end < 0 ? path : path[..end]) is not null)
            {
                return false;
            }

            if (end < 0)
            {
                return true;
            }
        }
    }

    /// <summary>Where a path of the sandbox's /etc lies on the host (<see cref="HostLayout.EtcDirectory"/>); any other path is the same on both sides.</summary>
    private static string HostPath(HostLayout host, string target) =>
        SandboxPolicy.IsSameOrUnder(target, "/etc") ? host.EtcDirectory + target["/etc".Length..] : target;

    /// <summary>Where a state mount appears: under the sandbox HOME, never outside it (the path is checked, not trusted).</summary>
    private static string StateTarget(string home, StateMount state)
    {
        var relative = state.HomeRelative.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Any(p => p is "" or "." or "..") || !Path.IsPathFullyQualified(state.Source))
        {
            throw VibedomException.Usage($"refusing agent state {state.Source} at ~/{state.HomeRelative}: it must name a path under the sandbox HOME");
        }

        return home + "/" + relative;
    }

    private static Dictionary<string, string> Environment(SandboxRequest request, HostLayout host, string home, string user)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = string.Join(':', request.CommandPlan.PathDirectories.Append(SandboxPath)),
            ["HOME"] = home,
            ["USER"] = user,
            ["LOGNAME"] = user,
            ["SHELL"] = "/bin/bash",
            ["TERM"] = "xterm-256color",
            ["LANG"] = "C.UTF-8",
            ["VIBEDOM_SESSION"] = request.SessionId,
        };
        foreach (var (name, value) in host.PassThroughEnvironment)
        {
            env[name] = value;
        }

        if (request.Network is not null)
        {
            foreach (var (name, value) in NetworkRoute.ProxyVariables)
            {
                env[name] = value;
            }
        }

        foreach (var (name, value) in request.Environment)
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>
    /// The namespace runtime's own limit: overlayfs takes its layers in one comma-separated option string, where ',' and ':'
    /// cannot be escaped reliably.
    /// </summary>
    private static void CheckOverlayPaths(SandboxRequest request, string workspace)
    {
        foreach (var path in new[] { workspace, request.ChangesDirectory, request.OverlayWorkDirectory })
        {
            if (OverlayCannotTake(path))
            {
                throw VibedomException.Usage($"the namespace runtime cannot overlay a path containing ',', ':', '\\' or a newline: {path}");
            }
        }
    }

    /// <summary>True when overlayfs cannot take PATH as a layer: its options are one comma-separated string where ',' and ':' cannot be escaped reliably.</summary>
    private static bool OverlayCannotTake(string path) => path.IndexOfAny([',', ':', '\\', '\n']) >= 0;

    private static string SandboxUserName(string hostUser) =>
        hostUser is "root" or "nobody" or "" || hostUser.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? "vibedom"
            : hostUser;
}
