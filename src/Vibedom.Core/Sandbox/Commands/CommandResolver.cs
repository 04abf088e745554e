using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Core.Sandbox.Commands;

/// <summary>
/// Resolves a command name on the host (never in the workspace) and plans what the sandbox needs to run it by the same name
/// (pure over <see cref="IHostFiles"/>): the folder it was found in first on PATH, each symlink met recreated at its path, the
/// tree the last one leads to bound read-only (an npm package's folder under <c>node_modules</c> with its own dependencies,
/// else the file itself), and the same again for the interpreter its <c>#!</c> line names (<c>#!/usr/bin/env node</c>).
/// What the sandbox's own system folders hold needs nothing. A name with a '/' is a path inside the sandbox: left alone. One
/// whose links lead into the workspace is refused (<see cref="CommandWorkspaceCheck"/>).
/// </summary>
public static class CommandResolver
{
    /// <summary>How many interpreters deep a <c>#!</c> chain is followed (a script run by a script run by a binary).</summary>
    public const int MaxInterpreters = 4;

    /// <summary>The folders already on the sandbox's PATH (system folders, shown read-only).</summary>
    public static IReadOnlyList<string> SandboxPathFolders { get; } = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    public static CommandPlan Plan(string command, CommandSearch search, IHostFiles files)
    {
        if (command.Length == 0 || command.Contains('/', StringComparison.Ordinal) || command is "." or "..")
        {
            return CommandPlan.None;
        }

        var found = Find(command, search, files);
        if (found is null)
        {
            return CommandPlan.None;
        }

        var plan = new Builder();
        var next = found;
        for (var depth = 0; depth < MaxInterpreters && next is not null; depth++)
        {
            var real = plan.Add(command, next, search.Workspaces, files);
            next = Interpreter(real, search, files);
        }

        // a link inside a bound tree is there already (and the tree is read-only)
        var links = plan.Links.Where(l => !plan.Trees.Any(t => SandboxPolicy.IsSameOrUnder(l.Path, t))).ToList();
        return new CommandPlan(found, plan.PathDirectories, links, plan.Trees);
    }

    /// <summary>The first executable file named <paramref name="name"/> in the search folders (symlinks followed).</summary>
    public static string? Find(string name, CommandSearch search, IHostFiles files) =>
        search.Directories.Select(d => Path.Combine(d, name)).FirstOrDefault(files.IsExecutableFile);

    /// <summary>
    /// The interpreter a <c>#!</c> line names: <c>#!/usr/bin/env [-S] NAME</c> is NAME looked up on the host like a command,
    /// <c>#!/abs/path</c> is that path; null without a <c>#!</c> line or when it cannot be found.
    /// </summary>
    public static string? Interpreter(string file, CommandSearch search, IHostFiles files)
    {
        if (files.ReadShebang(file) is not { } line)
        {
            return null;
        }

        var words = line[2..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !words[0].StartsWith('/'))
        {
            return null;
        }

        if (Path.GetFileName(words[0]) != "env")
        {
            return files.IsExecutableFile(words[0]) ? HostPaths.Normalise(words[0]) : null;
        }

        var name = words.Skip(1).FirstOrDefault(w => !w.StartsWith('-') && !w.Contains('=', StringComparison.Ordinal));
        return name is null ? null : name.StartsWith('/') ? (files.IsExecutableFile(name) ? HostPaths.Normalise(name) : null) : Find(name, search, files);
    }

    /// <summary>
    /// What is bound for a file reached by the links: the top package folder when it lies under <c>node_modules</c>
    /// (<c>.../node_modules/@scope/name</c> or <c>.../node_modules/name</c>, with that package's own node_modules), else the file.
    /// </summary>
    public static string Tree(string file)
    {
        var parts = file.Split('/');
        var at = Array.IndexOf(parts, "node_modules");
        if (at < 0 || at + 1 >= parts.Length - 1)
        {
            return file;
        }

        var length = parts[at + 1].StartsWith('@') && at + 2 < parts.Length - 1 ? at + 3 : at + 2;
        return string.Join('/', parts.Take(length));
    }

    internal static bool IsSystemPath(string path) => SandboxPolicy.SystemFolders.Any(n => SandboxPolicy.IsSameOrUnder(path, "/" + n));

    private sealed class Builder
    {
        public List<string> PathDirectories { get; } = [];

        public List<CommandLink> Links { get; } = [];

        public List<string> Trees { get; } = [];

        /// <summary>Adds one executable as found; returns the file it resolves to (where its <c>#!</c> line is read).</summary>
        /// <exception cref="Errors.VibedomException">Its links lead into the workspace (<see cref="CommandWorkspaceCheck"/>).</exception>
        public string Add(string command, string found, IReadOnlyList<string> workspaces, IHostFiles files)
        {
            var directory = Path.GetDirectoryName(found) ?? "/";
            if (!SandboxPathFolders.Contains(directory, StringComparer.Ordinal) && !PathDirectories.Contains(directory, StringComparer.Ordinal))
            {
                PathDirectories.Add(directory);
            }

            var last = found;
            var chain = HostPaths.LinkChain(found, files);
            foreach (var (link, target) in chain)
            {
                if (!IsSystemPath(link) && !Links.Contains(new CommandLink(link, target)))
                {
                    Links.Add(new CommandLink(link, target));
                }

                last = HostPaths.Normalise(target.StartsWith('/') ? target : Path.Combine(Path.GetDirectoryName(link) ?? "/", target));
            }

            CommandWorkspaceCheck.Require(command, found, chain, last, workspaces, files);
            var tree = Tree(last);
            if (!IsSystemPath(tree) && !Trees.Contains(tree, StringComparer.Ordinal))
            {
                Trees.Add(tree);
            }

            return HostPaths.Resolve(last, files) ?? last;
        }
    }
}
