namespace Vibedom.Core.Workspace;

/// <summary>
/// An ordinary user's sandbox maps only that user's uid and gid. The agent cannot change a workspace path owned by
/// another user or group, nor create anything in such a folder: overlayfs must give the copy the owner it cannot
/// map, and the kernel answers EOVERFLOW ("Value too large for defined data type"), which explains nothing. Said
/// before the start, in one line, with the fix.
/// </summary>
public static class ForeignOwners
{
    /// <summary>The line to show, or null when every path is the user's (or vibedom runs as root: it maps them).</summary>
    public static string? Check(string workspace, CancellationToken cancellationToken = default)
    {
        if (Environment.IsPrivilegedProcess)
        {
            return null;
        }

        var (uid, gid) = Native.LibC.EffectiveIds();
        return Find(workspace, uid, gid, cancellationToken);
    }

    /// <summary>The line for a sandbox that maps only <paramref name="uid"/>:<paramref name="gid"/>, or null when every path is theirs.</summary>
    public static string? Find(string workspace, uint uid, uint gid, CancellationToken cancellationToken = default)
    {
        var count = 0;
        string? first = null;
        FileStat firstStat = default;
        if (FileStat.Of(workspace) is { } top && (top.Uid != uid || top.Gid != gid))
        {
            (count, first, firstStat) = (1, ".", top);
        }

        foreach (var (relative, stat) in WorkspaceWalker.Walk(workspace, cancellationToken))
        {
            if (stat.Type is EntryType.File or EntryType.Directory && (stat.Uid != uid || stat.Gid != gid))
            {
                count++;
                if (first is null)
                {
                    (first, firstStat) = (relative, stat);
                }
            }
        }

        return first is null ? null
            : $"{count} workspace path(s) belong to another user or group than yours (first: {Printable(first)}, owner {firstStat.Uid}:{firstStat.Gid}, you {uid}:{gid}): the agent cannot change them or create files in such folders ('Value too large for defined data type'); to let it, chown -R {uid}:{gid} the workspace";
    }

    /// <summary>A name as one safe line: control characters shown as '?'.</summary>
    private static string Printable(string name) => string.Create(name.Length, name, (span, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = char.IsControl(text[i]) || char.GetUnicodeCategory(text[i]) is System.Globalization.UnicodeCategory.Format ? '?' : text[i];
        }
    });
}
