namespace Vibedom.Core.Sandbox;

/// <summary>What a runtime knows of a session's sandbox (<see cref="ISandboxRuntime.Inspect"/>).</summary>
public enum SandboxLiveness
{
    /// <summary>The sandbox still runs.</summary>
    Running,

    /// <summary>It ended and the runtime knows the command's exit code (a detached command finished unwatched).</summary>
    Exited,

    /// <summary>It is gone without an exit code: whoever held it (vibedom, the supervisor) was killed.</summary>
    Gone,
}
