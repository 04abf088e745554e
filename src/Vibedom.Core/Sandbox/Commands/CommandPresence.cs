using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Core.Sandbox.Commands;

/// <summary>
/// A command name the sandbox could not run is a typo or a missing install: said before the scan, the session or the sandbox
/// start, with the exit code a shell gives (127). Only a bare name is checked: one found neither where
/// <see cref="CommandResolver"/> looks on the host nor in the sandbox's own system folders is found nowhere inside either
/// (the sandbox's PATH is those folders plus what the plan adds). A name with a '/' is a path inside the sandbox, checked there.
/// </summary>
public static class CommandPresence
{
    public static void Require(string command, CommandPlan plan, IHostFiles files)
    {
        if (command.Length == 0 || command.Contains('/', StringComparison.Ordinal) || plan.Executable is not null)
        {
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
}
