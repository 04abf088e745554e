namespace Vibedom.Core.Sandbox;

public enum SandboxMountKind
{
    /// <summary>Read-only bind of a host path.</summary>
    ReadOnlyBind,

    /// <summary>The workspace: a copy-on-write overlay whose upper layer is the session's changes.</summary>
    Overlay,

    /// <summary>An empty, private, writable file system (tmpfs).</summary>
    Tmpfs,

    /// <summary>A symlink (merged-/usr layouts).</summary>
    Symlink,

    /// <summary>A fresh /proc of the sandbox's pid namespace.</summary>
    Proc,

    /// <summary>A minimal /dev (null, zero, full, random, urandom, tty, pts, shm).</summary>
    Dev,

    /// <summary>A host file or directory hidden by an empty file or tmpfs.</summary>
    Masked,

    /// <summary>Writable bind of an agent's state (<see cref="StateMount"/>) under the sandbox HOME; kept across sessions.</summary>
    StateBind,
}
