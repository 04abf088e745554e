using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Core.Sandbox.Commands;

/// <summary>
/// A host command (or its interpreter) reached through a link that leads into the workspace is refused, as PATH folders in the
/// workspace are skipped: the workspace is what the agent writes, so a link there (<c>~/.local/bin/tool -> ~/proj/bin/tool</c>,
/// or one passing through <c>~/proj/bin/tool -> /elsewhere</c>) lets an earlier session's agent choose what runs as the
/// user's command. Every step of the chain is checked as written and with its folders' links resolved.
/// </summary>
internal static class CommandWorkspaceCheck
{
    /// <exception cref="VibedomException">A step lies in the workspace (<see cref="ExitCodes.CommandRefused"/>).</exception>
    public static void Require(string command, string found, IReadOnlyList<(string Link, string Target)> chain, string last, IReadOnlyList<string> workspaces, IHostFiles files)
    {
        var steps = chain.Select(c => c.Link).Append(last).Append(HostPaths.Resolve(last, files) ?? last);
        foreach (var step in steps)
        {
            var parent = HostPaths.Resolve(Path.GetDirectoryName(step) ?? "/", files);
            var real = parent is null ? step : Path.Combine(parent, Path.GetFileName(step));
            var inside = new[] { real, step }.FirstOrDefault(p => workspaces.Any(w => SandboxPolicy.IsSameOrUnder(p, w)));
            if (inside is not null)
            {
                throw VibedomException.WithCode(
                    $"{command}: refusing {found}: it leads into the workspace ({inside}), which the agent writes; install it outside the workspace, or give its path to run the workspace's copy",
                    ExitCodes.CommandRefused);
            }
        }
    }
}
