using Vibedom.Core.Processes;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Long output at a terminal goes through <c>$PAGER</c> (default <c>less -R</c>, with <c>LESS=FRX</c> when the
/// user set no LESS, as git does); short output, redirected output, an empty <c>PAGER</c>, <c>cat</c> or a pager
/// that cannot be found print directly. The text is handed over in a 0600 file under ~/.vibedom/run (never in a
/// sandbox), removed as soon as the pager exits.
/// </summary>
internal static class Pager
{
    public static async Task ShowAsync(CliContext context, string text, CancellationToken cancellationToken)
    {
        var writer = context.Console.Profile.Out.Writer;
        var command = PagerCommand();
        if (!context.Interactive || command is null || LineCount(text) < ScreenRows() || ProcessRunner.Which(command[0]) is null)
        {
            writer.Write(text);
            writer.Flush();
            return;
        }

        Directory.CreateDirectory(context.Home.RunDirectory);
        var file = Path.Combine(context.Home.RunDirectory, $"diff-{Environment.ProcessId}.txt");
        try
        {
            await File.WriteAllTextAsync(file, string.Empty, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await File.WriteAllTextAsync(file, text, cancellationToken).ConfigureAwait(false);
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Environment.GetEnvironmentVariable("LESS") is null)
            {
                env["LESS"] = "FRX";
            }

            await ProcessRunner.Default.RunAsync(new ProcessSpec(command[0], [.. command.Skip(1), file])
            {
                Environment = env,
                Inherit = true,
                Timeout = Timeout.InfiniteTimeSpan,
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>$PAGER split on spaces (no shell), default <c>less -R</c>; null when paging is off.</summary>
    internal static string[]? PagerCommand()
    {
        var pager = Environment.GetEnvironmentVariable("PAGER");
        var words = (pager ?? "less -R").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0 || words[0] == "cat" ? null : words;
    }

    private static int LineCount(string text) => text.Count(c => c == '\n');

    private static int ScreenRows()
    {
        try
        {
            var rows = Console.WindowHeight;
            return rows > 0 ? rows : 24;
        }
        catch (IOException)
        {
            return 24;
        }
    }
}
