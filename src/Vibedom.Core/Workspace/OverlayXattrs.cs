using System.Text.Json.Serialization;

namespace Vibedom.Core.Workspace;

/// <summary>
/// The extended-attribute namespace in which the kernel kept a session's overlay metadata (whiteouts, opaque
/// directories, redirects, metacopy). Recorded in session.json when the sandbox starts. Only that namespace is
/// read back: the other one is ordinary attributes the agent may have set on its own files.
/// </summary>
public enum OverlayXattrs
{
    /// <summary>Not recorded (a session from an older vibedom): <c>trusted.overlay.*</c> is read (nobody in a sandbox can set it) and an entry carrying <c>user.overlay.*</c> metadata is refused.</summary>
    [JsonStringEnumMemberName("unknown")]
    Unknown,

    /// <summary>Mounted by root: <c>trusted.overlay.*</c>.</summary>
    [JsonStringEnumMemberName("trusted")]
    Trusted,

    /// <summary>Mounted rootless with <c>userxattr</c>: <c>user.overlay.*</c>.</summary>
    [JsonStringEnumMemberName("user")]
    User,
}
