namespace Vibedom.Core.Workspace;

/// <summary>
/// The folders inside the workspace that git runs hooks from because <c>core.hooksPath</c> names them: read from the
/// config of the repository the workspace is in (as it is now, and as the agent left <c>.git/config</c>), the user's
/// global config and the system's. Each as a workspace-relative path ("" for the workspace root).
/// </summary>
internal static class HooksFolders
{
    public static IReadOnlyList<string> Of(string workspace, IReadOnlyList<WorkspaceChange> changes)
    {
        var (top, configs) = RepositoryConfigs(workspace);
        var files = new List<(string File, string Top)>(configs.Select(c => (c, top)));

        // the agent's own .git/config and config.worktree: skipped by --yes, but a person may take them
        foreach (var change in changes)
        {
            if (change.Path is ".git/config" or ".git/config.worktree" && change.After is { Type: EntryType.File } after)
            {
                files.Add((after.ContentPath, workspace));
            }
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x : home is null ? null : Path.Combine(home, ".config");
        foreach (var global in new[] { home is null ? null : Path.Combine(home, ".gitconfig"), xdg is null ? null : Path.Combine(xdg, "git", "config"), "/etc/gitconfig" })
        {
            if (global is not null)
            {
                files.Add((global, top));
            }
        }

        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, relativeTo) in files)
        {
            foreach (var value in GitConfigFile.Values(file, "core", "hookspath").Where(v => v.Length > 0))
            {
                var expanded = value.StartsWith("~/", StringComparison.Ordinal) && home is not null ? Path.Combine(home, value[2..]) : value;
                var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(expanded, relativeTo));
                if (full == workspace)
                {
                    folders.Add(string.Empty);
                }
                else if (full.StartsWith(workspace + "/", StringComparison.Ordinal))
                {
                    folders.Add(full[(workspace.Length + 1)..]);
                }
            }
        }

        return [.. folders];
    }

    /// <summary>The top of the repository the workspace is in (the workspace itself when none) and its config files.</summary>
    private static (string Top, List<string> Configs) RepositoryConfigs(string workspace)
    {
        for (var dir = workspace; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var dotGit = Path.Combine(dir, ".git");
            var gitDir = FileStat.Of(dotGit) switch
            {
                { Type: EntryType.Directory } => dotGit,
                { Type: EntryType.File } => GitFileTarget(dotGit, dir),
                _ => null,
            };
            if (gitDir is null)
            {
                continue;
            }

            var configs = new List<string> { Path.Combine(gitDir, "config"), Path.Combine(gitDir, "config.worktree") };
            if (FirstLine(Path.Combine(gitDir, "commondir")) is { Length: > 0 } common)
            {
                configs.Add(Path.Combine(Path.GetFullPath(common, gitDir), "config"));
            }

            return (dir, configs);
        }

        return (workspace, []);
    }

    /// <summary>The folder a <c>.git</c> file names (<c>gitdir: path</c>).</summary>
    private static string? GitFileTarget(string file, string dir) =>
        FirstLine(file) is { } line && line.StartsWith("gitdir:", StringComparison.Ordinal) ? Path.GetFullPath(line["gitdir:".Length..].Trim(), dir) : null;

    private static string? FirstLine(string file)
    {
        try
        {
            using var reader = new StreamReader(RegularFile.OpenRead(file));
            var buffer = new char[4096];
            var length = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, length).Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
