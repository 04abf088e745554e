using Vibedom.Core.Errors;

namespace Vibedom.Core.Sessions;

/// <summary>Checks and normalises the WORKSPACE argument of <c>run</c>.</summary>
public static class WorkspacePath
{
    /// <summary>
    /// The absolute, symlink-resolved workspace directory. Refuses what does not exist, a file,
    /// <c>/</c>, the user's home itself, and vibedom's own home (or anything inside it).
    /// </summary>
    public static string Resolve(string argument, string currentDirectory, string userHome, string vibedomHome)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            throw VibedomException.Usage("WORKSPACE is empty; give the project folder to sandbox");
        }

        var full = Path.GetFullPath(argument, currentDirectory);
        if (File.Exists(full))
        {
            throw VibedomException.Usage($"workspace {full} is a file; give the project folder instead");
        }

        if (!Directory.Exists(full))
        {
            throw VibedomException.Usage($"workspace {full} does not exist");
        }

        var resolved = Path.TrimEndingDirectorySeparator(new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
        resolved = RealPath(resolved);
        if (resolved == "/" || resolved.Length == 0)
        {
            throw VibedomException.Usage("refusing to sandbox / as a workspace; give a project folder");
        }

        if (resolved == RealPath(Path.TrimEndingDirectorySeparator(userHome)))
        {
            throw VibedomException.Usage($"refusing to sandbox your home folder {resolved} as a workspace; give a project folder inside it");
        }

        var home = RealPath(Path.TrimEndingDirectorySeparator(vibedomHome));
        if (resolved == home || resolved.StartsWith(home + "/", StringComparison.Ordinal) || home.StartsWith(resolved + "/", StringComparison.Ordinal))
        {
            throw VibedomException.Usage($"refusing workspace {resolved}: it contains or is inside vibedom's own folder {home}");
        }

        return resolved;
    }

    /// <summary>Resolves every symlink on the path (as realpath(3)); the path itself when it cannot.</summary>
    public static string RealPath(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return path;
        }

        var current = "/";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                next = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current) is { Length: > 0 } trimmed ? trimmed : "/";
    }
}
