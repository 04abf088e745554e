using System.CommandLine;
using Vibedom.Core.Errors;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Review;

/// <summary>
/// The <c>[SESSION] [PATH...]</c> arguments of diff and apply: SESSION is optional, so a first word that
/// names no session but names a path is taken as a path. Paths are relative to the current directory when
/// it is inside the workspace, else to the workspace.
/// </summary>
internal sealed record SessionTarget(SessionWorkspace Workspace, IReadOnlyList<string> Paths)
{
    public static Argument<string?> SessionArgument() => new("SESSION")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "Session id, unique id prefix or name (default: the newest session of this workspace, else the newest)",
    };

    public static Argument<string[]> PathsArgument(string what) => new("PATH")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = $"Only {what} these files or folders",
    };

    public static SessionTarget Resolve(CliContext context, string? selector, IReadOnlyList<string> paths)
    {
        var cwd = Environment.CurrentDirectory;
        Session session;
        var all = paths.ToList();
        try
        {
            session = context.Sessions.Resolve(selector, cwd);
        }
        catch (VibedomException) when (selector is not null && LooksLikePath(selector, cwd))
        {
            session = context.Sessions.Resolve(null, cwd);
            all.Insert(0, selector);
        }

        var workspace = new SessionWorkspace(session, context.Time);
        return new SessionTarget(workspace, all.Select(p => Relative(p, workspace.Workspace, cwd)).ToList());
    }

    private static bool LooksLikePath(string text, string cwd) =>
        text.Contains('/', StringComparison.Ordinal) || text.StartsWith('.') || Path.Exists(Path.Combine(cwd, text));

    private static string Relative(string path, string workspace, string cwd)
    {
        var inside = cwd == workspace || cwd.StartsWith(workspace + "/", StringComparison.Ordinal);
        var full = Path.GetFullPath(path, Path.IsPathRooted(path) || inside ? cwd : workspace);
        if (full == workspace)
        {
            return string.Empty;
        }

        if (!full.StartsWith(workspace + "/", StringComparison.Ordinal))
        {
            throw VibedomException.Usage($"'{path}' is not inside the session's workspace {workspace}");
        }

        return Path.TrimEndingDirectorySeparator(full[(workspace.Length + 1)..]);
    }
}
