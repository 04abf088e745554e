using Spectre.Console;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Writes diff lines straight to the console's writer (never wrapped to the terminal width), with ANSI
/// colour only when the console supports it: plain text when redirected or with NO_COLOR. Every line passes
/// through <see cref="TerminalText.EscapeContent"/>, so no control character in it reaches the output raw;
/// callers escape names with <see cref="TerminalText.Escape(string)"/> (which leaves nothing for this pass to change).
/// </summary>
internal sealed class DiffWriter(TextWriter writer, bool color)
{
    public const string Red = "31";
    public const string Green = "32";
    public const string Cyan = "36";
    public const string Yellow = "33";
    public const string Bold = "1";
    public const string BoldRed = "1;31";
    public const string BoldYellow = "1;33";

    public static DiffWriter For(IAnsiConsole console) =>
        new(console.Profile.Out.Writer, console.Profile.Capabilities.Ansi && console.Profile.Capabilities.ColorSystem != ColorSystem.NoColors);

    public bool Color => color;

    public void Line(string text, string? style = null)
    {
        text = TerminalText.EscapeContent(text);
        if (color && style is not null)
        {
            writer.Write($"\u001b[{style}m{text}\u001b[0m\n");
        }
        else
        {
            writer.Write(text);
            writer.Write('\n');
        }
    }

    /// <summary>Text without a line end (a prompt), flushed so it shows before the answer is read.</summary>
    public void Prompt(string text)
    {
        text = TerminalText.EscapeContent(text);
        writer.Write(color ? $"\u001b[{Bold}m{text}\u001b[0m" : text);
        writer.Flush();
    }

    public void Flush() => writer.Flush();
}
