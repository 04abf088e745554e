using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vibedom.Core.Workspace;

/// <summary>
/// Changes that make code run later, outside the sandbox, wherever git or a tool reads them: anything under
/// any <c>.git</c> (nested repositories and <c>.git/modules</c> too, and a <c>.git</c> file or symlink), CI,
/// editor tasks, package manager and agent (MCP) configs, direnv, make, npm scripts, shell start-up files,
/// and modes that hand a file to others (setuid/setgid, world-writable). Names match case-insensitively, as
/// on the case-insensitive file systems the workspace may be copied to. The review flags them loudly at the
/// top, and no "apply everything" takes them without a second, explicit yes.
/// </summary>
public static partial class RiskyPaths
{
    private const UnixFileMode Privileged = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    /// <summary>Why this change runs code later, or null when it does not.</summary>
    public static string? Reason(WorkspaceChange change)
    {
        if (ModeReason(change) is { } mode)
        {
            return mode;
        }

        if (change.After is { Type: EntryType.Symlink, LinkTarget: { } target } && EscapesWorkspace(change.Path, target))
        {
            return $"symlink out of the workspace ({target}): tools that follow it read or write there";
        }

        var path = change.Path.ToLowerInvariant();
        return GitReason(path, change.Type) ?? NameReason(path) ?? (
            path.EndsWith("package.json", StringComparison.Ordinal) && (path == "package.json" || path.EndsWith("/package.json", StringComparison.Ordinal)) && ScriptsChanged(change)
                ? "package.json scripts: run on the next npm install or npm run"
                : null);
    }

    /// <summary>A mode the agent added that hands the path to others: setuid/setgid (never applied), sticky on a file, world-writable.</summary>
    public static string? ModeReason(WorkspaceChange change)
    {
        if (change.After is not { } after || after.Type == EntryType.Symlink)
        {
            return null;
        }

        var before = change.Before is { Type: not EntryType.Symlink } b ? b.Mode : 0;
        var added = after.Mode & ~before;
        if ((added & Privileged) != 0)
        {
            return "setuid/setgid bit: would run with the owner's rights; never applied (vibedom strips it)";
        }

        if ((added & UnixFileMode.StickyBit) != 0 && after.Type != EntryType.Directory)
        {
            return "sticky bit on a file: never applied (vibedom strips it)";
        }

        return (added & UnixFileMode.OtherWrite) != 0 ? "world-writable: any user of this machine can change it" : null;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="tail"/> or ends with "/" + it.</summary>
    private static bool IsAtAnyDepth(string path, string tail) =>
        path == tail || path.EndsWith("/" + tail, StringComparison.Ordinal);

    /// <summary>True when <paramref name="path"/> is the folder <paramref name="folder"/> or lies under it, at the root or any depth.</summary>
    private static bool UnderAnyDepth(string path, string folder) =>
        IsAtAnyDepth(path, folder) || path.StartsWith(folder + "/", StringComparison.Ordinal) || path.Contains("/" + folder + "/", StringComparison.Ordinal);

    /// <summary>An absolute target, or a relative one that climbs above the workspace root.</summary>
    private static bool EscapesWorkspace(string path, string target)
    {
        if (target.StartsWith('/'))
        {
            return true;
        }

        var depth = path.Count(c => c == '/');
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += part switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ScriptsChanged(WorkspaceChange change)
    {
        if (change.After is null || change.After.Type != EntryType.File)
        {
            return false;
        }

        var before = change.Before is { Type: EntryType.File } b ? Scripts(b.ContentPath) : null;
        var after = Scripts(change.After.ContentPath);
        if (before is { Valid: false } || after is { Valid: false })
        {
            return true;
        }

        return !JsonNode.DeepEquals(before?.Node, after?.Node);
    }

    private static (bool Valid, JsonNode? Node)? Scripts(string file)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(file));
            return (true, node?["scripts"]);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return (false, null);
        }
    }
}
