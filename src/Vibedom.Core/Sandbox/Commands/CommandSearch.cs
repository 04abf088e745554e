using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Core.Sandbox.Commands;

/// <summary>
/// The host folders a command name is looked up in, in order: the user's PATH, then the usual places agents are installed
/// (npm's user prefixes, <c>~/.local/bin</c>, volta, bun, the newest nvm node, <c>/opt/*/bin</c>). Only absolute folders outside
/// the workspace count, as written and with their links resolved: a relative entry (<c>node_modules/.bin</c>, <c>.</c>), or one
/// that reaches the workspace through a link, would be read in the workspace the agent wrote (its links lead anywhere on the host).
/// Version managers' shim folders (<c>~/.pyenv/shims</c>, rbenv, asdf, nodenv: a script that needs the manager's whole
/// home) are skipped, so the name falls through to a real binary further on (the system's <c>python3</c>).
/// </summary>
public sealed record CommandSearch(IReadOnlyList<string> Directories)
{
    /// <summary>The workspace as given and as its links resolve: a command whose links lead into it is refused (<see cref="CommandResolver"/>).</summary>
    public IReadOnlyList<string> Workspaces { get; init; } = [];

    /// <summary>Under the home folder, after the user's PATH.</summary>
    public static IReadOnlyList<string> HomePlaces { get; } = [".local/bin", ".npm-global/bin", ".npm-packages/bin", ".volta/bin", ".bun/bin", ".deno/bin", "bin"];

    public static CommandSearch ForHost(string? pathVariable, string home, string workspace, IHostFiles files)
    {
        var candidates = (pathVariable ?? string.Empty).Split(':').ToList();
        candidates.AddRange(HomePlaces.Select(p => Path.Combine(home, p)));
        candidates.AddRange(NewestNvmNode(home, files));
        candidates.AddRange(files.ListDirectory("/opt").Order(StringComparer.Ordinal).Select(name => $"/opt/{name}/bin"));
        var directories = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.Length == 0 || !Path.IsPathFullyQualified(candidate) || candidate.Contains('\n', StringComparison.Ordinal))
            {
                continue;
            }

            // the workspace is a real path: a folder reached through a link (~/work -> ~/proj) is in it too
            var directory = HostPaths.Normalise(candidate);
            var real = HostPaths.Resolve(directory, files);
            if (real is not null && Path.GetFileName(directory) != "shims" && !SandboxPolicy.IsSameOrUnder(directory, workspace)
                && !SandboxPolicy.IsSameOrUnder(real, workspace) && !directories.Contains(directory, StringComparer.Ordinal))
            {
                directories.Add(directory);
            }
        }

        var resolved = HostPaths.Resolve(workspace, files);
        return new CommandSearch(directories) { Workspaces = resolved is null || resolved == workspace ? [workspace] : [workspace, resolved] };
    }

    /// <summary>nvm's installs (<c>~/.nvm/versions/node/vX.Y.Z/bin</c>), the newest version only.</summary>
    private static IEnumerable<string> NewestNvmNode(string home, IHostFiles files)
    {
        var versions = Path.Combine(home, ".nvm", "versions", "node");
        var newest = files.ListDirectory(versions)
            .Select(name => (name, version: Version.TryParse(name.TrimStart('v'), out var v) ? v : null))
            .Where(p => p.version is not null)
            .OrderByDescending(p => p.version)
            .Select(p => p.name)
            .FirstOrDefault();
        return newest is null ? [] : [Path.Combine(versions, newest, "bin")];
    }
}
