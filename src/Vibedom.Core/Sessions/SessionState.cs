namespace Vibedom.Core.Sessions;

/// <summary>Where a session is in its life. Written to session.json by name (<c>"Running"</c>).</summary>
public enum SessionState
{
    /// <summary>Created, sandbox not started yet.</summary>
    Created,

    /// <summary>The sandbox is running (foreground or detached).</summary>
    Running,

    /// <summary>The command ended; changes await review.</summary>
    Exited,

    /// <summary>vibedom died while the session ran; found and marked by a later command. Changes stay reviewable.</summary>
    Dead,

    /// <summary>Reviewed and applied (fully or partly).</summary>
    Applied,

    /// <summary>Changes dropped.</summary>
    Discarded,

    /// <summary>The user cancelled at the pre-flight review; no sandbox was started.</summary>
    Cancelled,
}
