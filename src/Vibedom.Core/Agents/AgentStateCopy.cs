using Vibedom.Core.Errors;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Agents;

/// <summary>
/// A session's private copy of an agent's state, for a session that starts while another one holds it
/// (<see cref="AgentStateLock"/>): copied from the shared state by descriptor (never through a link; no set-id bit, no
/// device, fifo or socket) into the session's folder, seeded there, bound instead of the shared state, and kept there
/// afterwards (never merged back: what this session's agent writes never reaches another session). A state over
/// <see cref="MaxBytes"/> of data (a sparse file's holes are not charged, and stay holes) or <see cref="MaxEntries"/> is not copied: the session starts from a fresh, seeded state.
/// </summary>
public static class AgentStateCopy
{
    public const long MaxBytes = 1L << 30;

    public const int MaxEntries = 100_000;

    /// <summary>Where a session keeps its private copy.</summary>
    public static string Root(SessionPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Directory, "agent-state");
    }

    /// <summary>Copies <paramref name="shared"/> (if it exists) to <paramref name="copy"/>; false when it was too large (then <paramref name="copy"/> is empty).</summary>
    /// <exception cref="VibedomException">The copy cannot be made (configuration error, exit 2).</exception>
    public static bool Make(string shared, string copy)
    {
        Directory.CreateDirectory(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!Directory.Exists(shared) || AgentState.IsLink(shared))
        {
            return true;
        }

        try
        {
            LibC.CopyTree(shared, copy, MaxBytes, MaxEntries);
            return true;
        }
        catch (InvalidDataException)
        {
            TreeRemover.Delete(copy);
            Directory.CreateDirectory(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AgentState.Refused(shared, $"cannot be copied for this session ({e.Message})");
        }
    }
}
