using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text;

namespace Vibedom.Cli;

/// <summary>
/// <c>vibedom --help</c> (and bare <c>vibedom</c>): the parser's layout, with each command's row written as the command's
/// own usage line writes its arguments, an optional one in brackets and one that takes many with "..."
/// (<c>diff [&lt;SESSION&gt;] [&lt;PATH&gt;...]</c>). The parser's own row writes every argument bare, as if each were
/// required, and its row builder is not public. Any other command's help is the parser's.
/// </summary>
internal sealed class RootHelpAction(Command root, HelpAction parsers) : SynchronousCommandLineAction
{
    private const string Indent = "  ";

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command != root)
        {
            return parsers.Invoke(parseResult);
        }

        var output = parseResult.InvocationConfiguration.Output;
        var width = Width();
        output.WriteLine("Description:");
        output.WriteLine(Indent + root.Description);
        output.WriteLine();
        output.WriteLine("Usage:");
        output.WriteLine($"{Indent}{root.Name} [command] [options]");
        output.WriteLine();
        output.WriteLine("Options:");
        WriteRows(output, width, root.Options.Where(o => !o.Hidden).Select(o => (OptionLabel(o), o.Description ?? string.Empty)));
        output.WriteLine();
        output.WriteLine("Commands:");
        WriteRows(output, width, root.Subcommands.Where(c => !c.Hidden).Select(c => (CommandLabel(c), c.Description ?? string.Empty)));
        output.WriteLine();
        return 0;
    }

    /// <summary>The command's name and its arguments as its usage line writes them.</summary>
    internal static string CommandLabel(Command command)
    {
        var label = new StringBuilder(command.Name);
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var name = $"<{argument.Name}>{(argument.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty)}";
            label.Append(' ').Append(argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name);
        }

        return label.ToString();
    }

    /// <summary>The option's names, shortest first, as the parser writes them (without the Windows-style "/?" and "/h").</summary>
    private static string OptionLabel(Option option) =>
        string.Join(", ", option.Aliases.Append(option.Name).Where(a => !a.StartsWith('/')).Distinct().OrderBy(a => a.Length).ThenBy(a => a, StringComparer.Ordinal));

    /// <summary>Two columns; the second wrapped at a terminal's width, as the parser wraps it (unbounded into a pipe or file).</summary>
    private static void WriteRows(TextWriter output, int width, IEnumerable<(string Label, string Text)> rows)
    {
        var list = rows.ToList();
        var column = list.Max(r => r.Label.Length) + Indent.Length;
        var room = Math.Max(20, width - Indent.Length - column);
        foreach (var (label, text) in list)
        {
            var first = true;
            foreach (var line in Wrap(text, room))
            {
                output.WriteLine($"{Indent}{(first ? label : string.Empty).PadRight(column)}{line}");
                first = false;
            }
        }
    }

    private static IEnumerable<string> Wrap(string text, int room)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > room)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        yield return line.ToString();
    }

    private static int Width()
    {
        if (Console.IsOutputRedirected)
        {
            return int.MaxValue;
        }

        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : int.MaxValue;
        }
        catch (IOException)
        {
            return int.MaxValue;
        }
    }
}
