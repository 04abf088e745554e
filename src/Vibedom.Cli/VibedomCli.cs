using System.CommandLine;
using System.CommandLine.Help;
using Vibedom.Cli.Commands;
using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Proxy;
using Vibedom.Cli.Rendering;

namespace Vibedom.Cli;

/// <summary>Builds the root command and runs it with one top-level error handler: one line, a named exit code.</summary>
internal static class VibedomCli
{
    public static Command BuildRoot(CliContext context)
    {
        // a named root (not RootCommand, which takes the host executable's name): help always says "vibedom"
        var help = new HelpOption();
        var root = new Command("vibedom", "vibedom: run an AI coding agent in a sandbox it cannot escape, on a workspace it cannot damage.")
        {
            help,
            new VersionOption(),
        };
        foreach (var command in Commands(context))
        {
            root.Add(command);
        }

        var rootHelp = new RootHelpAction(root, (HelpAction)help.Action!);
        help.Action = rootHelp;

        // bare `vibedom` shows the help, as most CLIs do
        root.SetAction(parse => rootHelp.Invoke(parse));

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(context);
        if (CommandSplit.Normalize(root, args, out var splitError) is not { } normalized)
        {
            await context.Error.WriteLineAsync($"vibedom: {splitError}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfig;
        }

        var parse = root.Parse(normalized);
        if (parse.Errors.Count > 0)
        {
            var verb = parse.CommandResult.Command == root ? string.Empty : " " + parse.CommandResult.Command.Name;
            // the most useful error first: an unrecognized token explains "command was not provided"
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            await context.Error.WriteLineAsync($"vibedom: {TerminalText.Escape(OneLine(error.Message))} (see 'vibedom{verb} --help')").ConfigureAwait(false);
            return ExitCodes.UsageOrConfig;
        }

        if (parse.CommandResult.Command != root && parse.Action is not (HelpAction or RootHelpAction) && context.Home.Problem() is { } home)
        {
            await context.Error.WriteLineAsync($"vibedom: {home}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfig;
        }

        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            // signals are not cancellation: in a foreground run the PTY relay forwards them to the agent
            ProcessTerminationTimeout = null,
            Output = context.Console.Profile.Out.Writer,
            Error = context.Error,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (VibedomException e)
        {
            foreach (var line in e.Lines)
            {
                await context.Error.WriteLineAsync($"vibedom: {TerminalText.Escape(line)}").ConfigureAwait(false);
            }

            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("vibedom: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (ProxyConfigurationException e)
        {
            foreach (var line in e.Errors.Count > 0 ? e.Errors : [e.Message])
            {
                await context.Error.WriteLineAsync($"vibedom: {TerminalText.Escape(line)}").ConfigureAwait(false);
            }

            return ExitCodes.UsageOrConfig;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"vibedom: {TerminalText.Escape(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // never a stack trace on the terminal: one line, the details in a crash file
            var crash = CrashReport.Write(context.Home, e, context.Time);
            await context.Error.WriteLineAsync($"vibedom: internal error: {TerminalText.Escape(e.Message)} (details: {crash})").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    /// <summary>
    /// The parser's message on one line: it lists allowed values one per line, tab-indented ("Must be one of:\n\t'a'\n\t'b'"),
    /// which escaped would read as <c>\n\t</c>.
    /// </summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length <= 1 ? message : $"{lines[0]} {string.Join(", ", lines[1..])}";
    }

    private static IEnumerable<Command> Commands(CliContext context)
    {
        yield return new InitCommand(context);
        yield return new RunCommand(context);
        yield return new SessionsCommand(context);
        yield return new ExecCommand(context);
        yield return new AttachCommand(context);
        yield return new StopCommand(context);
        yield return new LogsCommand(context);
        yield return new DoctorCommand(context);
        yield return new DiffCommand(context);
        yield return new ApplyCommand(context);
        yield return new UndoCommand(context);
        yield return new DiscardCommand(context);
        yield return new SessionHostCommand(context);
        yield return new ScanCommand(context);
        yield return new KeyCommand(context);
        yield return new KnownHostsCommand(context);
    }
}
