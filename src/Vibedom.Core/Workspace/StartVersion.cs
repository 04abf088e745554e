using Vibedom.Core.Processes;
using Vibedom.Scanning.Hashing;

namespace Vibedom.Core.Workspace;

/// <summary>
/// The content a file had when the session started, when it can be proven: the session keeps no copy, only the
/// manifest's SHA-256 of small files, so the candidate is the workspace's git <c>HEAD</c> version of the path, taken
/// only when its SHA-256 is the manifest's. With it a conflict shows as three-way (yours and the agent's, each
/// against that start); without it (no git, not committed, edited before the session, a large file) nothing is guessed.
/// </summary>
public static class StartVersion
{
    /// <summary>The start text of the file <paramref name="entry"/> records, or null when it cannot be proven.</summary>
    public static async Task<string?> TryReadAsync(string workspace, ManifestEntry? entry, CancellationToken cancellationToken = default)
    {
        if (entry is not { Type: EntryType.File, Hash: { } hash } || ProcessRunner.Which("git") is not { } git)
        {
            return null;
        }

        // cat-file runs no hook, filter, pager or fsmonitor, and the configuration of the machine and the user is
        // left out; git refuses a repository owned by someone else (root on a user's project): then no start version
        var spec = new ProcessSpec(git, ["-C", workspace, "--no-replace-objects", "cat-file", "blob", "HEAD:" + entry.Path])
        {
            Environment = new Dictionary<string, string>
            {
                ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_OPTIONAL_LOCKS"] = "0",
            },
            Timeout = TimeSpan.FromSeconds(10),
        };
        try
        {
            var result = await ProcessRunner.Default.RunAsync(spec, cancellationToken).ConfigureAwait(false);
            return result.Succeeded && Sha256.HexOfUtf8(result.StandardOutput) == hash ? result.StandardOutput : null;
        }
        catch (Errors.VibedomException)
        {
            return null;
        }
    }

    /// <summary>The start text of <paramref name="relativePath"/> in <paramref name="manifest"/>'s workspace (see <see cref="TryReadAsync(string, ManifestEntry?, CancellationToken)"/>).</summary>
    public static string? TryRead(Manifest? manifest, string relativePath) =>
        manifest is null ? null : TryReadAsync(manifest.Root, manifest.Find(relativePath)).GetAwaiter().GetResult();
}
