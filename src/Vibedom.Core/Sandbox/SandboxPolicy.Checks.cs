using Vibedom.Core.Errors;
using Vibedom.Core.Home;

namespace Vibedom.Core.Sandbox;

/// <summary>The policy's pure checks: what a request may not ask for, each refusal a usage error with one clear line.</summary>
public static partial class SandboxPolicy
{
    /// <summary>The request with vibedom's own folder (<paramref name="home"/>, its logs and run state) added to the hidden paths.</summary>
    public static SandboxRequest HidingVibedomHome(SandboxRequest request, VibedomHome home) =>
        request.HiddenPaths.Contains(home.Root, StringComparer.Ordinal) ? request : request with { HiddenPaths = [.. request.HiddenPaths, home.Root] };

    /// <summary>
    /// Checks the command and the workspace (absolute; not /, the home folder, a system or kernel folder; no overlap with
    /// vibedom's own folders or the change layer) and returns the workspace normalised.
    /// </summary>
    /// <exception cref="VibedomException">The request cannot be contained (usage error).</exception>
    public static string CheckWorkspace(SandboxRequest request, string hostHome)
    {
        if (request.Command.Count == 0 || string.IsNullOrEmpty(request.Command[0]))
        {
            throw VibedomException.Usage("no command to run in the sandbox");
        }

        if (!Path.IsPathFullyQualified(request.Workspace))
        {
            throw VibedomException.Usage($"workspace must be an absolute path: {request.Workspace}");
        }

        var workspace = Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.Workspace));
        if (workspace == "/" || workspace == Path.TrimEndingDirectorySeparator(hostHome))
        {
            throw VibedomException.Usage($"refusing to use {workspace} as a workspace: choose a project folder");
        }

        if (SystemFolders.Concat(KernelFolders).Any(name => IsSameOrUnder(workspace, "/" + name)))
        {
            throw VibedomException.Usage($"refusing to use {workspace} as a workspace: it is a system folder");
        }

        foreach (var hidden in request.HiddenPaths.Append(request.ChangesDirectory).Append(request.OverlayWorkDirectory))
        {
            var full = Path.GetFullPath(hidden);
            if (IsSameOrUnder(full, workspace) || IsSameOrUnder(workspace, full))
            {
                throw VibedomException.Usage($"refusing workspace {workspace}: it overlaps vibedom's own folder {full}");
            }
        }

        return workspace;
    }
}
