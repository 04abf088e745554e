using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Agents;

/// <summary>
/// An agent's persistent state on the host: <c>~/.vibedom/agents/NAME/</c> holding each of the profile's
/// <see cref="AgentProfile.State"/> paths at the same path relative to HOME, made before a session (folders 0700, files
/// 0600), seeded (<see cref="AgentSeed"/>), then bound writable under the sandbox HOME. What is there was written by the
/// agent: nothing is followed through a symbolic link, and a state path that became one fails the run (fail closed);
/// set-id bits are cleared before each session (<see cref="ClearSetId(VibedomHome, AgentProfile)"/>).
/// </summary>
public static class AgentState
{
    /// <summary>The agent's state folder.</summary>
    public static string Root(VibedomHome home, AgentProfile profile) => Path.Combine(home.AgentsDirectory, profile.Name);

    /// <summary>Makes the agent's shared state (seeded with <paramref name="values"/>) and returns its mounts.</summary>
    /// <exception cref="VibedomException">A state path is a symbolic link or of the wrong kind (configuration error, exit 2).</exception>
    public static IReadOnlyList<StateMount> Prepare(VibedomHome home, AgentProfile profile, SeedValues values)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(profile);
        EnsureDirectory(home.AgentsDirectory);
        return Prepare(Root(home, profile), profile, values);
    }

    /// <summary>Makes the state in <paramref name="root"/> (the shared one, or a session's private copy), seeded, and returns its mounts.</summary>
    /// <exception cref="VibedomException">A state path is a symbolic link or of the wrong kind (configuration error, exit 2).</exception>
    public static IReadOnlyList<StateMount> Prepare(string root, AgentProfile profile, SeedValues values)
    {
        ArgumentNullException.ThrowIfNull(profile);
        EnsureDirectory(root);
        ClearSetId(root);
        var mounts = new List<StateMount>();
        foreach (var entry in profile.State)
        {
            var relative = entry[2..].TrimEnd('/');
            var source = Path.Combine(root, relative);
            EnsureParents(root, relative);
            var folder = AgentProfile.IsFolder(entry) || (Directory.Exists(source) && !IsLink(source));
            if (folder)
            {
                EnsureDirectory(source);
            }
            else
            {
                EnsureFile(source);
            }

            mounts.Add(new StateMount(source, relative));
        }

        foreach (var (file, json) in profile.Seed)
        {
            // by descriptor: a folder on the way that an agent (of a session still running) swaps for a link is never followed
            var relative = file[2..];
            using var folder = AgentStateFolder.OfFile(root, relative);
            var path = folder.Entry(Path.GetFileName(relative));
            var shown = Path.Combine(root, relative);
            if (AgentTomlSeed.Takes(relative))
            {
                AgentTomlSeed.Merge(path, json, values, shown);
            }
            else
            {
                AgentSeed.Merge(path, json, values, shown);
            }
        }

        return mounts;
    }

    /// <summary>
    /// Clears the set-user-ID and set-group-ID bits of every file in the agent's state (before each session, and after a
    /// foreground one): as root the sandbox's files are stored as root, so a set-id file left there would be a root shell
    /// on the host. Walked by descriptor, never through a symbolic link.
    /// </summary>
    /// <exception cref="VibedomException">The state cannot be walked (configuration error, exit 2).</exception>
    public static void ClearSetId(VibedomHome home, AgentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(profile);
        ClearSetId(Root(home, profile));
    }

    /// <summary>
    /// Clears set-id bits under <paramref name="root"/> (a state folder: shared, or a session's private copy); nothing when
    /// it is gone. Everything reachable is cleared first; a folder that cannot be walked (unreadable, nested too deep) is
    /// then refused by its exact path, for the user to remove.
    /// </summary>
    /// <exception cref="VibedomException">A part of the state cannot be walked (configuration error, exit 2).</exception>
    public static void ClearSetId(string root)
    {
        if (!Directory.Exists(root) || IsLink(root))
        {
            return;
        }

        SetIdWalk walk;
        try
        {
            walk = LibC.ClearSetId(root);
        }
        catch (IOException e)
        {
            throw Refused(root, $"cannot be checked for set-id files ({e.Message})");
        }

        if (walk.FirstUnwalked is { } first)
        {
            var others = walk.Unwalked > 1 ? $" (and {walk.Unwalked - 1} more)" : string.Empty;
            throw VibedomException.Config(
                $"agent state {StatePathText.Of(root, first)} cannot be checked for set-id files ({walk.Why}){others}; " +
                "everything else in the state was cleared; remove it to use this agent's state again");
        }
    }

    private static void EnsureParents(string root, string relative)
    {
        var path = root;
        var parts = relative.Split('/');
        foreach (var part in parts[..^1])
        {
            path = Path.Combine(path, part);
            EnsureDirectory(path);
        }
    }

    private static void EnsureDirectory(string path)
    {
        if (IsLink(path))
        {
            throw Refused(path, "is a symbolic link");
        }

        if (File.Exists(path))
        {
            throw Refused(path, "is a file where a folder is expected");
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void EnsureFile(string path)
    {
        if (IsLink(path))
        {
            throw Refused(path, "is a symbolic link");
        }

        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
    }

    internal static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    internal static VibedomException Refused(string path, string why) =>
        VibedomException.Config($"agent state {path} {why}; refusing to use it (move it away to start afresh)");
}
