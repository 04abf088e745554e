using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace;

/// <summary>
/// overlayfs metadata of an upper-layer entry, read only from the namespace the kernel used for that mount
/// (<c>trusted.overlay.*</c> when mounted by root, <c>user.overlay.*</c> when mounted rootless with
/// <c>userxattr</c>). The other namespace holds ordinary attributes the agent may have set on its own files:
/// through a root-mounted overlay it can set <c>user.overlay.redirect</c> freely, and the kernel escapes
/// (<c>overlay.overlay.*</c>) or refuses its own prefix.
/// </summary>
internal sealed class OverlayAttributes(OverlayXattrs xattrs)
{
    private static readonly string[] Names = ["redirect", "metacopy", "opaque", "whiteout", "origin"];

    private readonly string _prefix = xattrs == OverlayXattrs.User ? "user.overlay." : "trusted.overlay.";

    /// <summary>The value of overlay attribute <paramref name="name"/> (e.g. "opaque") in the mount's namespace.</summary>
    public string? Get(string path, string name) => LibC.GetXattr(path, _prefix + name);

    /// <summary>
    /// Why the entry's overlay metadata cannot be trusted, or null: a session that did not record its namespace
    /// (an older vibedom) and carries <c>user.overlay.*</c> metadata, which its agent may have written.
    /// </summary>
    public string? Unverifiable(string path) =>
        xattrs == OverlayXattrs.Unknown && Names.Any(n => LibC.GetXattr(path, "user.overlay." + n) is not null)
            ? "carries user.overlay.* attributes and the session (from an older vibedom) did not record whether the kernel or the agent wrote them"
            : null;

    /// <summary>"y": the directory hides everything below it in the lower layer (it was removed and recreated).</summary>
    public bool IsOpaque(string directory) => Get(directory, "opaque") == "y";

    /// <summary>A whiteout in its xattr form: a regular file marked <c>overlay.whiteout</c>.</summary>
    public bool IsXattrWhiteout(string file) => Get(file, "whiteout") is not null;

    /// <summary>Where a renamed directory (or a metacopy file) takes its lower content from.</summary>
    public string? Redirect(string path) => Get(path, "redirect")?.TrimEnd('\0');

    /// <summary>Only the metadata was copied up; the data is still in the lower layer.</summary>
    public bool IsMetacopy(string file) => Get(file, "metacopy") is not null;
}
