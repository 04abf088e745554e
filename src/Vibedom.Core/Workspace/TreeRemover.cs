using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace;

/// <summary>
/// Removes everything under a folder of vibedom's own (a session's changes/) whatever the agent left there:
/// folder chains deeper than PATH_MAX (it walks by descriptor, one name at a time, holding one descriptor),
/// folders without permissions (given back to their owner first), fifos and sockets (unlinked, never opened).
/// </summary>
internal static class TreeRemover
{
    /// <summary>Empties <paramref name="root"/> (which stays); returns how many entries were removed.</summary>
    public static long RemoveContents(string root, CancellationToken cancellationToken = default)
    {
        var names = new Stack<byte[]>();
        var current = LibC.OpenDirectory(root);
        long removed = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (LibC.FirstName(current) is { } name)
                {
                    if (LibC.TryOpenSubdirectory(current, name, out var child))
                    {
                        LibC.Close(current);
                        current = child;
                        names.Push(name);
                    }
                    else
                    {
                        LibC.UnlinkAt(current, name, directory: false);
                        removed++;
                    }

                    continue;
                }

                if (names.Count == 0)
                {
                    return removed;
                }

                var parent = LibC.OpenAtRaw(current, ".."u8.ToArray(), 0x10000 | 0x80000);
                LibC.Close(current);
                current = parent;
                LibC.UnlinkAt(current, names.Pop(), directory: true);
                removed++;
            }
        }
        finally
        {
            LibC.Close(current);
        }
    }
}
