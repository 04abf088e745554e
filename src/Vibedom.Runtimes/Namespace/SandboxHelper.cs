namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// The static vibedom-init helper (Helper/vibedom-init.c, built by gcc -static in the project's
/// build), shipped next to the assemblies. See the comment at the top of the C file for why.
/// </summary>
public static class SandboxHelper
{
    public const string FileName = "vibedom-init";

    /// <summary>Where the helper appears inside every sandbox (read-only).</summary>
    public const string SandboxPath = "/run/vibedom/vibedom-init";

    /// <summary>The starter's pid, set by whoever starts a helper that must die with it (see vibedom-init.c, open_lifeline).</summary>
    public const string ParentVariable = "VIBEDOM_PARENT_PID";

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, FileName);
}
