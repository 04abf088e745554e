using System.CommandLine;
using Vibedom.Core.Errors;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Review;

/// <summary>
/// The <c>[SESSION] [PATH...]</c> arguments of diff and apply: SESSION is optional, so a first word that
/// names no session but names a path (or a change of the workspace's session) is taken as a path. Paths are relative to the current directory when
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

    /// <summary>
    /// SESSION and PATH... of diff and apply. A first word that names no session is a path when it looks like one, or when
    /// the current workspace's session changed something at or under it (a file the agent added is not on disk yet).
    /// </summary>
    public static SessionTarget Resolve(CliContext context, string? selector, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var cwd = Environment.CurrentDirectory;
        Session session;
        var all = paths.ToList();
        try
        {
            session = context.Sessions.Resolve(selector, cwd);
        }
        catch (VibedomException) when (selector is not null && (LooksLikePath(selector, cwd) || NamesAChange(context, selector, cwd, cancellationToken)))
        {
            session = context.Sessions.Resolve(null, cwd);
            all.Insert(0, selector);
        }

        var workspace = new SessionWorkspace(session, context.Time);
        return new SessionTarget(workspace, all.Select(p => Relative(p, workspace.Workspace, cwd)).ToList());
    }

    /// <summary>
    /// The SESSION of a verb that acts on the whole session (discard, undo): a word that names no session but a path is
    /// refused, never taken as "the session of this workspace", which would drop or revert every file, not the one named.
    /// </summary>
    public static SessionWorkspace ResolveWhole(CliContext context, string? selector, string verb, string whole)
    {
        var cwd = Environment.CurrentDirectory;
        try
        {
            return new SessionWorkspace(context.Sessions.Resolve(selector, cwd), context.Time);
        }
        catch (VibedomException) when (selector is not null && LooksLikePath(selector, cwd))
        {
            throw VibedomException.Usage($"'{selector}' is not a session, and {verb} takes no PATH: it {whole}");
        }
    }

    /// <summary>True when the session of <paramref name="cwd"/> has a change at or under <paramref name="text"/>.</summary>
    private static bool NamesAChange(CliContext context, string text, string cwd, CancellationToken cancellationToken)
    {
        try
        {
            var workspace = new SessionWorkspace(context.Sessions.Resolve(null, cwd), context.Time);
            return workspace.ReadChanges(cancellationToken).Select([Relative(text, workspace.Workspace, cwd)]).Count > 0;
        }
        catch (VibedomException)
        {
            return false; // no session, or a path outside its workspace: the word stays an unknown session
        }
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
