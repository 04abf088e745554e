namespace Vibedom.Core.Sandbox.Host;

/// <summary>Path arithmetic over <see cref="IHostFiles"/>: symlinks resolved component by component, as the kernel would.</summary>
public static class HostPaths
{
    /// <summary>How many symlinks one resolution follows before it gives up (the kernel's own limit is 40).</summary>
    public const int MaxLinks = 40;

    /// <summary>
    /// <paramref name="path"/> with every symlink in it resolved (each component, in order); the part that does not exist is
    /// kept as written. A loop or more than <see cref="MaxLinks"/> links gives null.
    /// </summary>
    public static string? Resolve(string path, IHostFiles files)
    {
        var pending = new Stack<string>(Parts(path).Reverse());
        var current = "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            if (files.ReadLink(next) is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var p in Parts(target).Reverse())
            {
                pending.Push(p);
            }
        }

        return current;
    }

    /// <summary>The chain of symlinks met when <paramref name="path"/> itself (its last component) is followed: (link path, target as written), in order.</summary>
    public static IReadOnlyList<(string Link, string Target)> LinkChain(string path, IHostFiles files)
    {
        var chain = new List<(string, string)>();
        var current = Normalise(path);
        while (chain.Count <= MaxLinks && files.ReadLink(current) is { } target)
        {
            chain.Add((current, target));
            current = Normalise(target.StartsWith('/') ? target : Path.Combine(Path.GetDirectoryName(current) ?? "/", target));
        }

        return chain;
    }

    /// <summary>An absolute path without '.', '..', doubled or trailing separators (no link resolved).</summary>
    public static string Normalise(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static IEnumerable<string> Parts(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
