namespace Vibedom.Core.Workspace;

/// <summary>
/// The folders inside the workspace that git runs hooks from because <c>core.hooksPath</c> names them: read from the
/// config of the repository the workspace is in (as it is now, and as the agent left <c>.git/config</c>), the user's
/// global config and the system's, and every file they include (<see cref="GitConfigFile"/>; an included file in the
/// workspace as it is now and as the agent left it). Each as a workspace-relative path ("" for the workspace root).
/// <see cref="Unsure"/>: some config could not be read with certainty (a symlink, an include through a link, a file
/// too large, text the parser is unsure of), so the hooks folder may be any folder.
/// </summary>
internal sealed record HooksFolders(IReadOnlyList<string> Folders, bool Unsure)
{
    public static HooksFolders Of(string workspace, MergedView view)
    {
        var (top, configs) = RepositoryConfigs(workspace);
        var files = new List<(string File, string Top)>(configs.Select(c => (c, top)));

        // the agent's own .git/config and config.worktree (read through the merged view): skipped by --yes, but a person may take them
        files.Add((Path.Combine(workspace, ".git", "config"), workspace));
        files.Add((Path.Combine(workspace, ".git", "config.worktree"), workspace));

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
        var unsure = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, relativeTo) in files.Where(f => seen.Add(f.File)))
        {
            var read = GitConfigFile.Read(file, "core.hookspath", path => Versions(workspace, view, path));
            unsure |= read.Unsure;
            foreach (var value in read.Values.Where(v => v.Length > 0))
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

        return new HooksFolders([.. folders], unsure);
    }

    /// <summary>
    /// The files holding a config path's content: the path as it is now and, inside the workspace, the agent's version
    /// (null when it is there as something that must not be read, or when a link is on the way: its target may be the agent's).
    /// </summary>
    private static IEnumerable<string?> Versions(string workspace, MergedView view, string path)
    {
        if (!path.StartsWith(workspace + "/", StringComparison.Ordinal))
        {
            return [OutsideTarget(workspace, path)];
        }

        var relative = path[(workspace.Length + 1)..];
        for (var slash = relative.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = relative.IndexOf('/', slash + 1))
        {
            if (view.Find(relative[..slash]) is { Type: EntryType.Symlink })
            {
                return [null];
            }
        }

        return view.Change(relative) switch
        {
            null => [path],
            { After: null } => [path],
            { After: { Type: EntryType.File } after } => [path, after.ContentPath],
            _ => [path, null],
        };
    }

    /// <summary>
    /// A config file outside the workspace (the user's, which the agent cannot change) is read through its links (a
    /// dotfiles manager's, a Nix store's), unless they lead into the workspace: null then (not read with certainty).
    /// </summary>
    private static string? OutsideTarget(string workspace, string path)
    {
        if (FileStat.Of(path) is not { Type: EntryType.Symlink })
        {
            return path;
        }

        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
            return target is null || target == workspace || target.StartsWith(workspace + "/", StringComparison.Ordinal) ? null : target;
        }
        catch (IOException)
        {
            return null; // a loop
        }
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
