using Vibedom.Core.Workspace;

namespace Vibedom.Core.Sandbox;

/// <summary>
/// How a runtime reports what happened to a sandbox it runs; the session side records it (session.json and
/// session.log). A runtime writes no session bookkeeping of its own.
/// </summary>
public interface ISandboxEvents
{
    /// <summary>The sandbox runs.</summary>
    /// <param name="handle">Opaque to everyone but the runtime: how it finds the sandbox again (kept in the session record).</param>
    /// <param name="overlayXattrs">Where the kernel keeps the overlay's metadata (the change reader trusts only that namespace).</param>
    /// <param name="detached">Whether the sandbox outlives this process.</param>
    /// <param name="description">One line for the log: the runtime, how it runs, its network.</param>
    void Started(string handle, OverlayXattrs overlayXattrs, bool detached, string description);

    /// <summary>The sandbox ended with <paramref name="exitCode"/>; <paramref name="startFailure"/>: why it could not start, else null.</summary>
    void Ended(int exitCode, string? startFailure);

    /// <summary>Resource limits the sandbox ran into, one sentence each (none: nothing to record).</summary>
    void LimitsReached(IReadOnlyList<string> reached);

    /// <summary>One informational line for the session's log.</summary>
    void Note(string line);
}
