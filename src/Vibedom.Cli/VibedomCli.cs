using System.CommandLine;
using Vibedom.Cli.Commands;
using Vibedom.Core;
using Vibedom.Core.Errors;

namespace Vibedom.Cli;

/// <summary>Builds the root command and runs it with one top-level error handler: one line, a named exit code.</summary>
internal static class VibedomCli
{
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("vibedom: run an AI coding agent in a sandbox it cannot escape, on a workspace it cannot damage.");
        foreach (var command in Commands(context))
        {
            root.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var verb = parse.CommandResult.Command == root ? string.Empty : " " + parse.CommandResult.Command.Name;
            await context.Error.WriteLineAsync($"vibedom: {parse.Errors[0].Message} (see 'vibedom{verb} --help')").ConfigureAwait(false);
            return ExitCodes.UsageOrConfig;
        }

        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = context.Console.Profile.Out.Writer,
            Error = context.Error,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (VibedomException e)
        {
            await context.Error.WriteLineAsync($"vibedom: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("vibedom: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"vibedom: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    private static IEnumerable<Command> Commands(CliContext context)
    {
        yield return new InitCommand(context);
        yield return new ScanCommand(context);
    }
}
