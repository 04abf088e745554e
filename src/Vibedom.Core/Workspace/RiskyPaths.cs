using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vibedom.Core.Workspace;

/// <summary>
/// Changes that make code run later, outside the sandbox: git hooks and config, CI workflows, editor tasks,
/// direnv, make, npm scripts, shell start-up files. The review flags them loudly at the top.
/// </summary>
public static class RiskyPaths
{
    private static readonly string[] ShellRcFiles =
    [
        ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout",
        ".kshrc", ".cshrc", ".tcshrc", ".inputrc",
    ];

    private static readonly string[] Makefiles = ["Makefile", "makefile", "GNUmakefile"];

    /// <summary>Why this change runs code later, or null when it does not.</summary>
    public static string? Reason(WorkspaceChange change)
    {
        if (change.After is { } after && (after.Mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0 &&
            (change.Before is null || (change.Before.Mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) == 0))
        {
            return "setuid/setgid bit: runs with the file owner's rights";
        }

        if (change.After is { Type: EntryType.Symlink, LinkTarget: { } target } && EscapesWorkspace(change.Path, target))
        {
            return $"symlink out of the workspace ({target}): tools that follow it read or write there";
        }

        // nested repositories and projects count too (a clone inside the workspace has its own hooks)
        var path = change.Path;
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (AtAnyDepth(path, ".git/hooks/") && !name.EndsWith(".sample", StringComparison.Ordinal))
        {
            return "git hook: runs on the next git command";
        }

        return path switch
        {
            _ when IsAtAnyDepth(path, ".git/config") => "git config: can set hooksPath, aliases, filters and ssh commands",
            _ when name == ".gitmodules" => "git submodules: fetch and may run code on clone or update",
            _ when name == ".envrc" => "direnv: runs when you enter the directory",
            _ when IsAtAnyDepth(path, ".vscode/tasks.json") => "VS Code tasks: can run on folder open",
            ".config/fish/config.fish" => "shell start-up file",
            _ when IsAtAnyDepth(path, ".husky") || AtAnyDepth(path, ".husky/") => "husky git hook: runs on the next git command",
            _ when AtAnyDepth(path, ".github/workflows/") => "CI workflow: runs on the next push",
            _ when Makefiles.Contains(name) => "Makefile: runs on the next make",
            _ when ShellRcFiles.Contains(name) => "shell start-up file",
            _ when name == "package.json" && ScriptsChanged(change) => "package.json scripts: run on the next npm install or npm run",
            _ => null,
        };
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="tail"/> or ends with "/" + it.</summary>
    private static bool IsAtAnyDepth(string path, string tail) =>
        path == tail || path.EndsWith("/" + tail, StringComparison.Ordinal);

    /// <summary>True when <paramref name="path"/> lies under <paramref name="folder"/> (ending in "/") at the root or any depth.</summary>
    private static bool AtAnyDepth(string path, string folder) =>
        path.StartsWith(folder, StringComparison.Ordinal) || path.Contains("/" + folder, StringComparison.Ordinal);

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
