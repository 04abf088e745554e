using System.CommandLine;

namespace Vibedom.Cli.Commands;

/// <summary>
/// Where vibedom's options end and the sandboxed command begins, for the verbs that take one
/// (<c>run WORKSPACE [options] [-- COMMAND...]</c>, <c>exec SESSION -- COMMAND...</c>): the command is
/// every word after <c>--</c>, or from the first word after the verb's own argument. Before that,
/// every word starting with <c>-</c> must be one of the verb's options: a typo such as
/// <c>--detatch</c> is a usage error, never the first word of the agent's command line.
/// </summary>
internal static class CommandSplit
{
    private const string CommandArgument = "COMMAND";

    /// <summary>
    /// <paramref name="args"/> with a <c>--</c> inserted where the command starts (so the parser never reads
    /// the command's own options as vibedom's), or null with <paramref name="error"/> set.
    /// </summary>
    public static string[]? Normalize(Command root, string[] args, out string? error)
    {
        error = null;
        var verb = args.Length == 0 ? null : root.Subcommands.FirstOrDefault(c => c.Name == args[0]);
        if (verb is null || verb.Arguments.Count < 2 || verb.Arguments[^1].Name != CommandArgument)
        {
            return args;
        }

        var leading = verb.Arguments[0];
        var options = verb.Options.Concat(root.Options.Where(o => o.Recursive)).ToList();
        var positionals = 0;
        for (var i = 1; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                if (positionals == 0)
                {
                    var hint = verb.Name == "exec" ? " (running sessions: vibedom sessions)" : string.Empty;
                    error = $"{verb.Name} needs a {leading.Name} before --: vibedom {verb.Name} {leading.Name} -- {string.Join(' ', args[(i + 1)..].Select(ShellWord))}".TrimEnd() + hint;
                    return null;
                }

                return args;
            }

            if (token.Length > 1 && token[0] == '-')
            {
                if (!TrySkipOption(options, args, ref i))
                {
                    error = $"unknown option '{token}' (the command goes after --; see 'vibedom {verb.Name} --help')";
                    return null;
                }

                continue;
            }

            if (positionals++ == 0)
            {
                continue;
            }

            return [.. args[..i], "--", .. args[i..]];
        }

        return args;
    }

    /// <summary>A word as a shell reads it back: quoted when it holds anything but plain characters, so the usage line can be pasted as it is.</summary>
    internal static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_./=:,@%+-".Contains(c, StringComparison.Ordinal))
            ? word
            : $"'{word.Replace("'", @"'\''", StringComparison.Ordinal)}'";

    /// <summary>Recognises <c>--name</c>, <c>--name=value</c>, <c>--name value</c>, a flag as <c>--flag=true|false</c> and bundled flags (<c>-dy</c>); advances past a value.</summary>
    private static bool TrySkipOption(List<Option> options, string[] args, ref int index)
    {
        var token = args[index];
        var separator = token.IndexOfAny(['=', ':']);
        var name = separator > 0 ? token[..separator] : token;
        if (Find(options, name) is { } option)
        {
            if (separator > 0 && !TakesValue(option) && !bool.TryParse(token[(separator + 1)..], out _))
            {
                return false; // a flag given a value (--all=1): the parser would hand the value to the command
            }

            if (separator < 0 && TakesValue(option) && index + 1 < args.Length)
            {
                index++;
            }

            return true;
        }

        // bundled short flags: every letter must be a known flag
        return token[1] != '-' && token.Length > 2 && token[1..].All(c => Find(options, "-" + c) is { } flag && !TakesValue(flag));
    }

    private static Option? Find(List<Option> options, string name) =>
        options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));

    private static bool TakesValue(Option option) => option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;
}
