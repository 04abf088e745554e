using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>Reads the raw overlay xattrs, to show a test made the kind of upper layer it means to.</summary>
internal static class OverlayAttributesProbe
{
    public static string? Opaque(string path, string prefix = "trusted") => LibC.GetXattr(path, $"{prefix}.overlay.opaque");

    public static string? Redirect(string path) => LibC.GetXattr(path, "trusted.overlay.redirect");
}
