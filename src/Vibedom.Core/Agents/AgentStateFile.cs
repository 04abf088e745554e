using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Agents;

/// <summary>
/// The frame both seed writers (<see cref="AgentSeed"/>, <see cref="AgentTomlSeed"/>) replace a state file in. The file was
/// written by the agent: a symbolic link at its path is refused; a regular file is given to the writer's reader (which
/// opens it only as one); a folder, fifo or socket there is set aside (<c>NAME.invalid-XXXXXXXX</c>, never deleted). What
/// the writer makes goes to a new file beside it (created exclusively, 0600), then replaces it by rename: a link planted
/// in its place meanwhile is replaced, not followed.
/// </summary>
internal static class AgentStateFile
{
    /// <summary>Replaces the file at <paramref name="path"/> with what <paramref name="write"/> makes of what <paramref name="read"/> took from it (null: none).</summary>
    /// <param name="path">The file (through a state folder's descriptor: <see cref="AgentStateFolder.Entry"/>).</param>
    /// <param name="shown">The path named in errors.</param>
    /// <param name="read">Reads the regular file at the path given; null when there is nothing to keep (it may set the file aside with <see cref="SetAside"/>).</param>
    /// <param name="write">Writes the new content to the stream.</param>
    /// <exception cref="Errors.VibedomException">The path is a symbolic link, or cannot be read or written (configuration error, exit 2).</exception>
    public static void Replace<T>(string path, string shown, Func<string, T?> read, Action<T?, Stream> write)
        where T : class
    {
        if (AgentState.IsLink(path))
        {
            throw AgentState.Refused(shown, "is a symbolic link");
        }

        var temporary = $"{path}.vibedom-{Guid.NewGuid():N}";
        try
        {
            var current = LibC.LStat(path)?.Type switch
            {
                null => null,
                EntryType.File => read(path),
                _ => SetAsideNone<T>(path), // a folder, fifo or socket where the file belongs: kept, out of the way
            };
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                write(current, stream);
            }

            LibC.Rename(temporary, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AgentState.Refused(shown, $"cannot be read or written ({e.Message.Replace(path, shown, StringComparison.Ordinal)})");
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Renames what is at <paramref name="path"/> to <c>NAME.invalid-XXXXXXXX</c>: kept, never deleted, out of the way.</summary>
    public static void SetAside(string path) => LibC.Rename(path, $"{path}.invalid-{Guid.NewGuid():N}"[..(path.Length + 17)]);

    private static T? SetAsideNone<T>(string path)
        where T : class
    {
        SetAside(path);
        return null;
    }
}
