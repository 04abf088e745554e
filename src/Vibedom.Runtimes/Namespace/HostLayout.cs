using Vibedom.Core.Sandbox.Host;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// What the planner needs to know about the host, probed once (<see cref="HostProbe"/>) so that
/// planning itself stays a pure function that unit tests feed with fixed values.
/// </summary>
public sealed record HostLayout
{
    public required string BwrapPath { get; init; }

    /// <summary>The static vibedom-init helper on the host.</summary>
    public required string HelperPath { get; init; }

    /// <summary>True when vibedom runs as real root (the overlay is then mounted without a user namespace).</summary>
    public required bool IsRoot { get; init; }

    /// <summary>
    /// Root-run sandboxes run as an unprivileged host identity of their own, never as root: the first
    /// of <see cref="SandboxHostUid"/> + n (and <see cref="SandboxHostGid"/> + n), n &lt;
    /// <see cref="SandboxHostIdCount"/>, that no other running sandbox holds (the helper claims it).
    /// The range is root's in /etc/subuid and /etc/subgid, else <see cref="HostProbe.DefaultSandboxHostId"/>.
    /// </summary>
    public int SandboxHostUid { get; init; } = HostProbe.DefaultSandboxHostId;

    /// <inheritdoc cref="SandboxHostUid"/>
    public int SandboxHostGid { get; init; } = HostProbe.DefaultSandboxHostId;

    /// <inheritdoc cref="SandboxHostUid"/>
    public int SandboxHostIdCount { get; init; } = HostProbe.DefaultSandboxHostIdCount;

    /// <summary>The invoking user's name (named in the sandbox's /etc/passwd unless it is root or nobody).</summary>
    public required string UserName { get; init; }

    /// <summary>The invoking user's home path; inside it is an empty tmpfs (the sandbox's HOME).</summary>
    public required string Home { get; init; }

    /// <summary>Where live runtime state goes (<c>~/.vibedom/run</c>); one folder per session.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Top-level system entries that exist on the host: name -> symlink target, or null for a directory.</summary>
    public required IReadOnlyDictionary<string, string?> SystemEntries { get; init; }

    /// <summary>
    /// The host folder shown as /etc inside: <c>/etc</c>; a test points it at a fake host /etc of its own, to rename files over its
    /// names during a session without touching this machine's. Paths of <see cref="EtcSecretFiles"/> and
    /// <see cref="EtcSecretDirectories"/> are sandbox paths (<c>/etc/...</c>) all the same.
    /// </summary>
    public string EtcDirectory { get; init; } = "/etc";

    /// <summary>
    /// The host's own mounts under /etc (sandbox paths: a container's <c>/etc/hosts</c>, <c>/etc/resolv.conf</c>), the top-most of
    /// each tree: the helper shows /etc through an overlay of its own, which shows none of them, and attaches them again on it.
    /// </summary>
    public IReadOnlyList<string> EtcMounts { get; init; } = [];

    /// <summary>Secret files under /etc that exist on the host (masked by an empty file inside).</summary>
    public IReadOnlyList<string> EtcSecretFiles { get; init; } = [];

    /// <summary>Secret directories under /etc that exist on the host (masked by an empty tmpfs inside).</summary>
    public IReadOnlyList<string> EtcSecretDirectories { get; init; } = [];

    /// <summary>Where session cgroups go (none: limits by rlimit and the disk watcher only).</summary>
    public CgroupLayout Cgroups { get; init; } = CgroupLayout.None;

    /// <summary>Terminal and locale variables of vibedom's environment passed through (TERM, LANG, ...).</summary>
    public IReadOnlyDictionary<string, string> PassThroughEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The host files the mount policy resolves symlinks in (a fixed tree in unit tests).</summary>
    public IHostFiles Files { get; init; } = HostFiles.Instance;
}
