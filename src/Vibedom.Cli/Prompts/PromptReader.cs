using System.Runtime.InteropServices;
using Spectre.Console;
using Vibedom.Core.Errors;

namespace Vibedom.Cli.Prompts;

/// <summary>
/// Reads the answer to a prompt. Ctrl-C while vibedom waits for it (SIGINT from the terminal) is a
/// cancel, not a crash: the prompt line is ended and <see cref="VibedomException.Cancelled"/> (exit 5)
/// carries <c>cancelled</c>, so every caller's cleanup (session state, network folder) runs as for any
/// other cancel. Outside a prompt vibedom's SIGINT handling is unchanged.
/// </summary>
internal static class PromptReader
{
    public static string? ReadLine(CliContext context, string cancelled) => ReadLine(context.Console, context.Input, cancelled);

    public static string? ReadLine(IAnsiConsole console, TextReader input, string cancelled) =>
        Interruptible(console, input.ReadLine, cancelled);

    /// <summary>A one-letter answer (<see cref="CliContext.Keys"/>: one key at a terminal, else a line), trimmed and lower case.</summary>
    public static string? ReadKey(CliContext context, string cancelled) => Interruptible(context.Console, context.Keys.Read, cancelled);

    /// <summary>Runs <paramref name="read"/>; Ctrl-C (SIGINT) meanwhile is a cancel (exit 5) with <paramref name="cancelled"/>.</summary>
    public static string? Interruptible(IAnsiConsole console, Func<string?> read, string cancelled)
    {
        using var interrupted = new CancellationTokenSource();
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            interrupted.Cancel();
        });

        // the read itself cannot be interrupted; a cancelled prompt leaves it behind on a pool thread (the process ends)
        var reading = Task.Run(read);
        try
        {
            return reading.WaitAsync(interrupted.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            console.WriteLine();
            throw VibedomException.Cancelled(cancelled);
        }
    }
}
