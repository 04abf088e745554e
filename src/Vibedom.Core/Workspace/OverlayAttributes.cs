using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace;

/// <summary>
/// overlayfs metadata of an upper-layer entry: <c>trusted.overlay.*</c> when mounted by root,
/// <c>user.overlay.*</c> when mounted rootless with <c>userxattr</c>.
/// </summary>
internal static class OverlayAttributes
{
    /// <summary>The value of overlay attribute <paramref name="name"/> (e.g. "opaque"), under either prefix.</summary>
    public static string? Get(string path, string name) =>
        LibC.GetXattr(path, "trusted.overlay." + name) ?? LibC.GetXattr(path, "user.overlay." + name);

    /// <summary>"y": the directory hides everything below it in the lower layer (it was removed and recreated).</summary>
    public static bool IsOpaque(string directory) => Get(directory, "opaque") == "y";

    /// <summary>A whiteout in its xattr form: a regular file marked <c>overlay.whiteout</c>.</summary>
    public static bool IsXattrWhiteout(string file) => Get(file, "whiteout") is not null;

    /// <summary>Where a renamed directory (or a metacopy file) takes its lower content from.</summary>
    public static string? Redirect(string path) => Get(path, "redirect")?.TrimEnd('\0');

    /// <summary>Only the metadata was copied up; the data is still in the lower layer.</summary>
    public static bool IsMetacopy(string file) => Get(file, "metacopy") is not null;
}
