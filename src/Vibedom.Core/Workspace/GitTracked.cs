using Vibedom.Core.Processes;

namespace Vibedom.Core.Workspace;

/// <summary>
/// Which workspace files git tracks (its index). A tracked file hidden from the agent is still readable inside
/// through <c>.git</c> (<c>git show HEAD:.env</c>): its blob is in the object store, packed with every other one,
/// so it cannot be masked without breaking git. The pre-flight says so.
/// </summary>
public static class GitTracked
{
    /// <summary>
    /// The paths of <paramref name="relativePaths"/> in git's index; none when there is no git or no repository. A name
    /// that is not UTF-8 (escaped) is not asked about: an argument cannot carry its bytes (nor can such a file be hidden).
    /// </summary>
    public static IReadOnlyList<string> Of(string workspace, IReadOnlyList<string> relativePaths)
    {
        relativePaths = [.. relativePaths.Where(p => !NameEscaping.HasRawBytes(p))];
        if (relativePaths.Count == 0 || !Directory.Exists(Path.Combine(workspace, ".git")) || ProcessRunner.Which("git") is not { } git)
        {
            return [];
        }

        // ls-files runs no hook, filter or pager; fsmonitor is off and the machine's and user's configuration left
        // out; safe.directory lets root read a user's repository (only its index is read)
        var spec = new ProcessSpec(git,
            ["-c", "core.fsmonitor=false", "-c", "safe.directory=" + workspace, "-C", workspace, "ls-files", "-z", "--full-name", "--", .. relativePaths.Select(p => ":(literal)" + p)])
        {
            Environment = new Dictionary<string, string>
            {
                ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_OPTIONAL_LOCKS"] = "0",
            },
            Timeout = TimeSpan.FromSeconds(10),
        };
        try
        {
            var result = ProcessRunner.Default.RunAsync(spec).GetAwaiter().GetResult();
            var tracked = result.Succeeded ? result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : [];
            return relativePaths.Where(tracked.Contains).ToList();
        }
        catch (Errors.VibedomException)
        {
            return [];
        }
    }
}
