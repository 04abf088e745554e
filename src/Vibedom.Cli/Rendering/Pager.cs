using System.Runtime.InteropServices;
using Vibedom.Core.Processes;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Long output at a terminal goes through <c>$PAGER</c> (default <c>less -R</c>, with <c>LESS=FRX</c> when the
/// user set no LESS, as git does); short output, redirected output, an empty <c>PAGER</c>, <c>cat</c> or a pager
/// that cannot be found print directly. The output is written as it is made (never held whole in memory):
/// straight to the console, or for the pager into a 0600 file in a 0700 folder of its own under ~/.vibedom/run
/// (never in a sandbox), removed as soon as the pager exits. The pager runs in that folder and is given the file's
/// bare name, the title made safe, which is what less shows in its prompt (not a temporary path).
/// It gets the user's LESS*, LC_* and LANGUAGE variables (a user's LESS=R must reach less). Ctrl-C while the
/// pager shows is the pager's (vibedom waits for it to exit).
/// </summary>
internal static class Pager
{
    public static async Task ShowAsync(CliContext context, string title, Action<TextWriter> render, CancellationToken cancellationToken)
    {
        var writer = context.Console.Profile.Out.Writer;
        var command = PagerCommand();
        if (!context.Interactive || command is null || ProcessRunner.Which(command[0]) is null)
        {
            render(writer);
            writer.Flush();
            return;
        }

        Directory.CreateDirectory(context.Home.RunDirectory);
        var folder = Path.Combine(context.Home.RunDirectory, $"diff-{Environment.ProcessId}");
        var name = FileName(title);
        var file = Path.Combine(folder, name);
        try
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await File.WriteAllTextAsync(file, string.Empty, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using (var output = new StreamWriter(file, append: false))
            {
                render(output);
            }

            if (Head(file, ScreenRows()) is { } shortText)
            {
                writer.Write(shortText);
                writer.Flush();
                return;
            }

            var env = UserPagerEnvironment();
            if (!env.ContainsKey("LESS"))
            {
                env["LESS"] = "FRX";
            }

            // Ctrl-C reaches the pager and vibedom alike (one foreground process group): the pager handles it (less
            // ends a search), and vibedom keeps waiting, so it never leaves the pager running under the shell's prompt
            // or its copy of the diff behind; the pager's own exit ends the wait
            using var ignoreInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => signal.Cancel = true);
            using var ignoreQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, signal => signal.Cancel = true);
            await ProcessRunner.Default.RunAsync(new ProcessSpec(command[0], [.. command.Skip(1), name])
            {
                Environment = env,
                WorkingDirectory = folder,
                Inherit = true,
                Timeout = Timeout.InfiniteTimeSpan,
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary><paramref name="title"/> as a file name: letters, digits, '.', '_' and '-' (others become '-'), led by "vibedom-diff-" so it is never an option.</summary>
    internal static string FileName(string title)
    {
        var safe = new string([.. title.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]);
        return "vibedom-diff-" + (safe.Length > 100 ? safe[..100] : safe);
    }

    /// <summary>The user's own variables that configure pagers; the runner otherwise clears the environment.</summary>
    private static Dictionary<string, string> UserPagerEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && variable.Value is string value
                && (key.StartsWith("LESS", StringComparison.Ordinal) || key.StartsWith("LC_", StringComparison.Ordinal) || key == "LANGUAGE"))
            {
                env[key] = value;
            }
        }

        return env;
    }

    /// <summary>$PAGER split on spaces (no shell), default <c>less -R</c>; null when paging is off.</summary>
    internal static string[]? PagerCommand()
    {
        var pager = Environment.GetEnvironmentVariable("PAGER");
        var words = (pager ?? "less -R").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0 || words[0] == "cat" ? null : words;
    }

    /// <summary>The whole text of <paramref name="file"/> when it has fewer than <paramref name="rows"/> line ends; else null (page it).</summary>
    private static string? Head(string file, int rows)
    {
        using var reader = new StreamReader(file);
        var text = new System.Text.StringBuilder();
        var lines = 0;
        for (var c = reader.Read(); c >= 0; c = reader.Read())
        {
            text.Append((char)c);
            if (c == '\n' && ++lines >= rows)
            {
                return null;
            }
        }

        return text.ToString();
    }

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
