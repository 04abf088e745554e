using System.Text;
using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Sessions;

/// <summary>
/// Deletes a folder tree vibedom owns (a session folder, run state) whatever the agent left in it: it walks by
/// descriptor (<see cref="Workspace.TreeRemover"/>), so chains deeper than PATH_MAX go too; folders without write
/// or search permission are given back to their owner first; symlinks are removed, never followed. Every failure
/// is an <see cref="IOException"/> with a one-line message.
/// </summary>
public static class TreeRemover
{
    public static void Delete(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var name = Encoding.UTF8.GetBytes(Path.GetFileName(full));
        var parent = LibC.OpenDirectory(Path.GetDirectoryName(full) ?? "/");
        try
        {
            if (LibC.TryOpenSubdirectory(parent, name, out var root))
            {
                LibC.Close(root);
                Workspace.TreeRemover.RemoveContents(full);
                LibC.UnlinkAt(parent, name, directory: true);
            }
            else
            {
                LibC.UnlinkAt(parent, name, directory: false);
            }
        }
        finally
        {
            LibC.Close(parent);
        }
    }
}
