namespace Vibedom.Core.Workspace;

/// <summary>
/// A value for each folder computed from the folder and its parent folder's value, each folder once (a memo): what a
/// change's folders are (a symlink on the way, a repository above it) costs a path only the folders no path before it
/// had, not its whole depth again, so a chain of folders thousands deep costs its depth once, not its depth per change.
/// What it keeps is bounded (<paramref name="maxChars"/> of folder names; the agent decides how many distinct long
/// paths are asked, through link targets): when full it starts over, and a folder's value is computed again when asked.
/// </summary>
/// <param name="root">the value of the root, "" (the value above a top-level folder)</param>
/// <param name="step">the value of a folder, given the folder and its parent's value</param>
/// <param name="maxChars">the characters of the folders kept, all together (16 Mi: 32 MiB)</param>
internal sealed class FolderFold<T>(T root, Func<string, T, T> step, long maxChars = 16 << 20)
{
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);
    private long _chars;

    /// <summary>The value of <paramref name="folder"/> ('/'-separated and relative; "" is the root).</summary>
    public T Of(string folder)
    {
        if (folder.Length == 0)
        {
            return root;
        }

        // the folders not folded yet, deepest at the bottom; then fold from the first one known down
        var pending = new Stack<string>();
        var value = root;
        for (var current = folder; ;)
        {
            if (_values.TryGetValue(current, out var known))
            {
                value = known;
                break;
            }

            pending.Push(current);
            var slash = current.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }

            current = current[..slash];
        }

        while (pending.TryPop(out var current))
        {
            value = step(current, value);
            if (_chars + current.Length > maxChars)
            {
                _values.Clear();
                _chars = 0;
            }

            _values[current] = value;
            _chars += current.Length;
        }

        return value;
    }

    /// <summary>The value of the folder <paramref name="path"/> is in (the root's for a top-level path).</summary>
    public T Above(string path) => Of(path.LastIndexOf('/') is var slash && slash < 0 ? string.Empty : path[..slash]);
}
