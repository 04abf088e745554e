using Spectre.Console;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Reads the answer to a one-letter prompt. At a terminal the key counts without Enter (it is echoed, then a
/// line end); an Enter typed right after such a key is ignored once, so "y⏎" answers one prompt, not two.
/// Otherwise (a pipe, a test) a whole line is read. Returns the answer trimmed and in lower case, "" for a bare
/// Enter, null at the end of input (Ctrl-D). <see cref="DiscardTypedAhead"/> drops what was typed (or sent by the
/// terminal) before a question that applies or discards changes is shown.
/// </summary>
internal sealed class KeyPrompt(TextReader input, IAnsiConsole console, bool singleKey)
{
    private const char EndOfTransmission = '\u0004';
    private bool _swallowEnter;

    /// <summary>At a terminal, drops what arrived so far: call it just before showing a question that applies or discards changes.</summary>
    public void DiscardTypedAhead()
    {
        if (singleKey && TypedAhead.Discard())
        {
            // the Enter that may have followed the last answer went with it
            _swallowEnter = false;
        }
    }

    public string? Read()
    {
        if (!singleKey)
        {
            return input.ReadLine()?.Trim().ToLowerInvariant();
        }

        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
            {
                if (_swallowEnter)
                {
                    _swallowEnter = false;
                    continue;
                }

                console.WriteLine();
                return string.Empty;
            }

            if (key.KeyChar == EndOfTransmission)
            {
                console.WriteLine();
                return null;
            }

            _swallowEnter = true;
            console.WriteLine(char.IsControl(key.KeyChar) ? string.Empty : key.KeyChar.ToString());
            return char.ToLowerInvariant(key.KeyChar).ToString();
        }
    }
}
