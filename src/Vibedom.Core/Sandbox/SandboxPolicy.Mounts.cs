using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Core.Sandbox;

/// <summary>
/// The home-secret policy over every read-only mount request (<c>[run] read_only_paths</c>, the trees of a command resolved on
/// the host): checked on the path as requested AND on what it resolves to, symlinks followed.
/// </summary>
public static partial class SandboxPolicy
{
    /// <summary>
    /// Checks the configured read-only mounts (absolute; not /, the home folder or an ancestor of it, not a folder shared by many
    /// applications, not a home credential nor inside one, nothing under a host interface folder, not vibedom's own folders, no
    /// overlap with the workspace) and returns them with the credentials inside them to mask.
    /// </summary>
    /// <exception cref="VibedomException">A mount would expose what the policy hides (usage error).</exception>
    public static IReadOnlyList<CheckedMount> CheckReadOnlyMounts(SandboxRequest request, string hostHome, string workspace, IHostFiles files)
    {
        var mounts = new List<CheckedMount>();
        foreach (var given in request.ReadOnlyMounts)
        {
            if (!Path.IsPathFullyQualified(given))
            {
                throw VibedomException.Usage($"read-only mount must be an absolute path: {given}");
            }

            mounts.Add(CheckMount("read-only mount", HostPaths.Normalise(given), request, hostHome, workspace, files));
        }

        return mounts;
    }

    /// <summary>The trees of the resolved command (<see cref="SandboxRequest.CommandPlan"/>), checked by the same policy.</summary>
    /// <exception cref="VibedomException">A tree would expose what the policy hides (usage error).</exception>
    public static IReadOnlyList<CheckedMount> CheckCommandMounts(SandboxRequest request, string hostHome, string workspace, IHostFiles files) =>
        [.. request.CommandPlan.Trees.Select(tree => CheckMount($"'{request.Command[0]}' from the host:", HostPaths.Normalise(tree), request, hostHome, workspace, files))];

    private static CheckedMount CheckMount(string what, string target, SandboxRequest request, string hostHome, string workspace, IHostFiles files)
    {
        var source = HostPaths.Resolve(target, files) ?? throw VibedomException.Usage($"refusing {what} {target}: too many symbolic links");
        var home = HostPaths.Normalise(hostHome);
        var homes = Both(home, files);
        var workspaces = Both(workspace, files);
        var hidden = request.HiddenPaths.SelectMany(h => Both(HostPaths.Normalise(h), files)).ToList();
        var secrets = HomeSecrets.Select(s => (Name: s, Paths: Both(Path.Combine(home, s), files))).ToList();
        foreach (var path in new[] { target, source }.Distinct(StringComparer.Ordinal))
        {
            var resolved = path == target ? string.Empty : $" (it resolves to {source})";
            if (MountRefusal(path, homes, secrets, hidden, workspaces) is { } why)
            {
                throw VibedomException.Usage($"refusing {what} {target}{resolved}: {why}");
            }
        }

        var masks = new List<MaskedPath>();
        foreach (var (_, paths) in secrets)
        {
            var secret = paths[^1];
            if (secret.StartsWith(source + "/", StringComparison.Ordinal))
            {
                masks.Add(new MaskedPath(target + secret[source.Length..], files.Exists(secret) && files.IsDirectory(secret)));
            }
        }

        var mount = new CheckedMount(target, source, masks);
        return masks.Count == 0 ? mount : mount with { Steps = ReadOnlyView(what, mount, files) };
    }

    private static string? MountRefusal(string path, IReadOnlyList<string> homes, List<(string Name, IReadOnlyList<string> Paths)> secrets, List<string> hidden, IReadOnlyList<string> workspaces) =>
        path == "/" || homes.Any(h => IsSameOrUnder(h, path)) ? "it would expose the home folder" :
        secrets.FirstOrDefault(s => s.Paths.Any(p => IsSameOrUnder(path, p))) is { Name: { } secret } ? $"it would expose credentials under the home folder (~/{secret})" :
        SharedHomeFolders.FirstOrDefault(f => homes.Any(h => path == Path.Combine(h, f))) is { } shared ? $"~/{shared} is shared by many applications: list the application's own folder in it instead" :
        HostInterfaceFolders.Any(p => IsSameOrUnder(path, p)) ? "it holds host sockets or kernel interfaces" :
        hidden.Any(h => IsSameOrUnder(path, h) || IsSameOrUnder(h, path)) ? "it would expose vibedom's own folder" :
        workspaces.Any(w => IsSameOrUnder(path, w) || IsSameOrUnder(w, path)) ? "it overlaps the workspace" :
        null;

    /// <summary>The path as written and as it resolves (once when they are the same).</summary>
    private static IReadOnlyList<string> Both(string path, IHostFiles files) =>
        HostPaths.Resolve(path, files) is { } real && real != path ? [path, real] : [path];
}
