using System.CommandLine;
using Vibedom.Cli.Rendering;

namespace Vibedom.Cli.Commands;

/// <summary>The optional SESSION argument shared by verbs: id, unique id prefix, or name.</summary>
internal static class SessionArgument
{
    public static Argument<string?> Create(string description = "Session id, unique id prefix or name (default: the newest session of this workspace, else the newest).") =>
        new("SESSION") { Description = description, Arity = ArgumentArity.ZeroOrOne };

    /// <summary>SESSION of a verb for a running session (attach, stop): a name or the default prefers the newest running one.</summary>
    public static Argument<string?> CreateRunning() =>
        Create("Session id, unique id prefix or name (default: the newest session of this workspace, else the newest; of those, the newest running one).");

    /// <summary>
    /// Where session resolution says which of several same-named sessions it took (stderr, so --json output stays clean).
    /// The message may hold a name the user typed or a path of the workspace: escaped, one line.
    /// </summary>
    public static Action<string> Notice(CliContext context) => message => context.Error.WriteLine($"vibedom: {TerminalText.Escape(message)}");
}
