namespace Vibedom.Core.Workspace;

/// <summary>Symlinks resolved as the kernel resolves them, against the merged view: through the agent's other links too.</summary>
public sealed partial class ChangeRisks
{
    /// <summary>Links followed before giving up, as the kernel's limit (40).</summary>
    private const int MaxHops = 40;

    private enum LinkEnd
    {
        Inside,
        Outside,
        Loop,
    }

    private string? LinkReason(WorkspaceChange change)
    {
        if (change.After is not { Type: EntryType.Symlink, LinkTarget: { } target })
        {
            return null;
        }

        return Resolve(_view, Folder(change.Path), target, visited: null) switch
        {
            LinkEnd.Outside => $"symlink out of the workspace ({target}, through other links): tools that follow it read or write there",
            LinkEnd.Loop => $"symlink through more than {MaxHops} links ({target}): where it leads cannot be told",
            _ => null,
        };
    }

    /// <summary>
    /// Walks <paramref name="target"/> from the folder <paramref name="at"/> component by component, following every
    /// link met on the way. A missing name is taken as a plain folder (it may appear later), so ".." after it still counts.
    /// </summary>
    private static LinkEnd Resolve(MergedView view, List<string> at, string target, HashSet<string>? visited)
    {
        var pending = new Stack<string>();
        Push(pending, target);
        var hops = 0;
        if (target.StartsWith('/'))
        {
            return LinkEnd.Outside;
        }

        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (at.Count == 0)
                {
                    return LinkEnd.Outside;
                }

                at.RemoveAt(at.Count - 1);
                continue;
            }

            at.Add(part);
            var path = string.Join('/', at);
            if (visited is not null && view.Change(path) is not null)
            {
                visited.Add(path);
            }

            if (view.Find(path) is { Type: EntryType.Symlink, LinkTarget: { } next })
            {
                if (++hops > MaxHops)
                {
                    return LinkEnd.Loop;
                }

                if (next.StartsWith('/'))
                {
                    return LinkEnd.Outside;
                }

                at.RemoveAt(at.Count - 1);
                Push(pending, next);
            }
        }

        return LinkEnd.Inside;
    }

    private static void Push(Stack<string> pending, string target)
    {
        var parts = target.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
