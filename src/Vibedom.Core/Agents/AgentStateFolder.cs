using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Agents;

/// <summary>
/// A folder inside an agent's state, opened by descriptor from the state's root one name at a time (O_NOFOLLOW, made
/// 0700 when missing): a folder the agent swaps for a symbolic link, even while this walks, is never followed, so what is
/// written through <see cref="Entry"/> lands inside the state. Held open while its entries are written.
/// </summary>
internal sealed class AgentStateFolder : IDisposable
{
    private readonly int _fd;

    private AgentStateFolder(int fd) => _fd = fd;

    /// <summary>The folder holding <paramref name="relative"/> (a state-relative file path) under <paramref name="root"/>.</summary>
    /// <exception cref="Errors.VibedomException">A folder on the way is a symbolic link or not a folder (configuration error, exit 2).</exception>
    public static AgentStateFolder OfFile(string root, string relative)
    {
        var fd = OpenRoot(root);
        var path = root;
        foreach (var part in relative.Split('/')[..^1])
        {
            path = Path.Combine(path, part);
            try
            {
                var next = LibC.OpenOrMakeFolderAt(fd, part);
                LibC.Close(fd);
                fd = next;
            }
            catch (IOException e)
            {
                LibC.Close(fd);
                throw AgentState.Refused(path, e.Message);
            }
        }

        return new AgentStateFolder(fd);
    }

    /// <summary>A path naming <paramref name="name"/> in exactly this folder (through the descriptor's /proc link; its last component is never followed by the seed writers).</summary>
    public string Entry(string name) => $"/proc/self/fd/{_fd}/{name}";

    public void Dispose() => LibC.Close(_fd);

    private static int OpenRoot(string root)
    {
        try
        {
            return LibC.OpenDirectory(root);
        }
        catch (IOException e)
        {
            throw AgentState.Refused(root, e.Message);
        }
    }
}
