using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Core.Sandbox.Commands;

/// <summary>
/// A command the sandbox could not run is a typo or a missing install: said before the scan, the session or the sandbox
/// start, with the exit code a shell gives (127). A bare name found neither where <see cref="CommandResolver"/> looks on
/// the host nor in the sandbox's own system folders is found nowhere inside either (the sandbox's PATH is those folders
/// plus what the plan adds). A path (<c>./build.sh</c>, <c>bin/tool</c>, or an absolute one in the workspace or in one of
/// those system folders) names a file the sandbox starts with exactly as the host has it: missing on the host, it is
/// missing inside. Anything else with a '/' (through a link, "..", another folder) is left to the sandbox.
/// </summary>
public static class CommandPresence
{
    /// <param name="mountedInside">Folders the sandbox shows something else at (its home, private folders, read-only
    /// mounts): a workspace holding one of them is not the sandbox's view of it, and no path in it is judged.</param>
    public static void Require(string command, CommandPlan plan, string workspace, IEnumerable<string> mountedInside, IHostFiles files)
    {
        if (command.Length == 0 || plan.Executable is not null)
        {
            return;
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            if (MissingPath(command, workspace, mountedInside, files) is { } missing)
            {
                throw VibedomException.WithCode(
                    $"{command}: command not found ({missing} does not exist{(command.StartsWith('/') ? string.Empty : $"; the command starts in the workspace, {workspace}")})",
                    ExitCodes.CommandNotFound);
            }

            return;
        }

        if (CommandResolver.SandboxPathFolders.Any(folder => files.IsExecutableFile(Path.Combine(folder, command))))
        {
            return;
        }

        throw VibedomException.WithCode(
            $"{command}: command not found (looked on PATH, ~/.local/bin, npm's, volta's, nvm's and /opt's folders; install it, or give its path)",
            ExitCodes.CommandNotFound);
    }

    /// <summary>The first host path on the way to <paramref name="command"/> that does not exist, when that tells for certain.</summary>
    private static string? MissingPath(string command, string workspace, IEnumerable<string> mountedInside, IHostFiles files)
    {
        var parts = command.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Contains("..", StringComparer.Ordinal))
        {
            return null;
        }

        var full = command.StartsWith('/') ? command : Path.Combine(workspace, command);
        var folder = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full));
        if (command.StartsWith('/') && folder is not null && CommandResolver.SandboxPathFolders.Contains(folder, StringComparer.Ordinal))
        {
            return files.Exists(full) ? null : full;
        }

        if (!SandboxPolicy.IsSameOrUnder(full, workspace) || mountedInside.Any(m => SandboxPolicy.IsSameOrUnder(m, workspace)))
        {
            return null;
        }

        var path = workspace;
        foreach (var part in Path.GetRelativePath(workspace, full).Split('/').Where(p => p is not ("" or ".")))
        {
            path = Path.Combine(path, part);
            if (files.ReadLink(path) is not null)
            {
                return null; // resolved inside, against the sandbox's tree
            }

            if (!files.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
