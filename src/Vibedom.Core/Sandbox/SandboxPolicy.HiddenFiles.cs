using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Host;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Sandbox;

/// <summary>Files of the workspace hidden from the agent (the pre-flight review's "hide").</summary>
public static partial class SandboxPolicy
{
    /// <summary>
    /// The sandbox paths of <see cref="SandboxRequest.HiddenWorkspaceFiles"/>: each a plain relative path (no <c>.</c>,
    /// <c>..</c> or empty part) naming a file with one name (no other hard link) reached with no symlink on the way, so
    /// the mask lands on that very file and nowhere else. Anything else stops the run (usage error): a file the user wants hidden is never shown.
    /// </summary>
    /// <exception cref="VibedomException">A path that cannot be hidden.</exception>
    public static IReadOnlyList<string> CheckHiddenWorkspaceFiles(SandboxRequest request, string workspace, IHostFiles files)
    {
        var targets = new List<string>();
        foreach (var relative in request.HiddenWorkspaceFiles.Distinct(StringComparer.Ordinal))
        {
            var parts = relative.Split('/');
            if (relative.Length == 0 || relative.Contains('\0', StringComparison.Ordinal) || parts.Any(p => p is "" or "." or ".."))
            {
                throw Refused(relative, "not a plain path inside the workspace");
            }

            if (NameEscaping.HasRawBytes(relative))
            {
                throw Refused(relative, "its name is not valid UTF-8, and the sandbox can only mask a file by a UTF-8 name");
            }

            var path = workspace;
            foreach (var part in parts)
            {
                path = Path.Combine(path, part);
                if (files.ReadLink(path) is not null)
                {
                    throw Refused(relative, $"{Path.GetRelativePath(workspace, path)} is a symlink");
                }

                if (!files.Exists(path))
                {
                    throw Refused(relative, "it does not exist");
                }
            }

            if (files.IsDirectory(path))
            {
                throw Refused(relative, "it is a folder");
            }

            // the mask covers one name: another hard link of the file (in a vendored folder the scan skipped) would show it
            if (files.LinkCount(path) is var links and not 1)
            {
                throw Refused(relative, links > 1 ? $"it has {links} hard links, and another name would show it" : "it cannot be read");
            }

            targets.Add(path);
        }

        return targets;
    }

    private static VibedomException Refused(string relative, string why) =>
        VibedomException.Usage($"cannot hide {relative} from the agent: {why}; nothing was started");
}
