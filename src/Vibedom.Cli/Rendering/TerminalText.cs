using System.Buffers;
using System.Globalization;
using System.Text;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// The one escaping of text the agent controls (file names, file contents, log lines, command lines,
/// session names, error details) before it is printed, at a terminal and redirected alike. C0 controls
/// (ESC, BEL, backspace, CR, ...), DEL, C1 controls, line and paragraph separators and invisible format
/// characters (bidi overrides and isolates, zero-width ones) become visible escapes: <c>\x1b</c>,
/// <c>\u202e</c>, <c>\r</c>. No byte the agent wrote can move the cursor, recolour, set the clipboard
/// (OSC 52), overwrite a line or reorder what the reviewer reads.
/// </summary>
internal static class TerminalText
{
    /// <summary>
    /// For names and one-line values: every such character escaped, tab too, and a backslash doubled, so
    /// no name can print like another name's escape.
    /// </summary>
    public static string Escape(string? text) => Escape(text, Mode.Name);

    /// <summary>
    /// For lines of file content (diff lines): tab and a final CR (CRLF files) stay, backslashes stay as
    /// they are (the diff marks files that needed escaping instead).
    /// </summary>
    public static string EscapeContent(string line) => Escape(line, Mode.Content);

    /// <summary><see cref="Escape(string?)"/>, then Spectre markup escaped ('[' and ']').</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Escape(text));

    /// <summary>
    /// For a line of JSON written by a serializer: characters that need escaping become <c>\uXXXX</c>, which
    /// JSON reads as the same character (raw controls cannot occur inside a valid JSON string).
    /// </summary>
    public static string EscapeJson(string line) => Escape(line, Mode.Json);

    /// <summary>An indented JSON document, line by line: its own line breaks are structure (inside strings the encoder already wrote <c>\n</c>).</summary>
    public static string EscapeJsonDocument(string document) => string.Join('\n', document.Split('\n').Select(EscapeJson));

    /// <summary>True when <paramref name="line"/> (a content line) holds a character that is shown escaped.</summary>
    public static bool NeedsContentEscape(string line) => !ReferenceEquals(EscapeContent(line), line);

    private enum Mode
    {
        Name,
        Content,
        Json,
    }

    private static readonly SearchValues<char> Plain = SearchValues.Create(
        Enumerable.Range(0x20, 0x7f - 0x20).Select(i => (char)i).Where(c => c != '\\').ToArray());

    private static string Escape(string? text, Mode mode)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = text.AsSpan().IndexOfAnyExcept(Plain);
        if (first < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        for (var i = first; i < text.Length;)
        {
            var valid = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) == OperationStatus.Done;
            var keep = valid && Keep(rune, mode, last: i + length == text.Length);
            if (!keep)
            {
                builder ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
                for (var k = 0; k < length; k++)
                {
                    builder.Append(Escaped(text[i + k], mode));
                }
            }
            else
            {
                builder?.Append(text, i, length);
            }

            i += length;
        }

        return builder?.ToString() ?? text;
    }

    private static bool Keep(Rune rune, Mode mode, bool last) => rune.Value switch
    {
        '\\' => mode != Mode.Name,
        '\t' => mode == Mode.Content,
        '\r' => mode == Mode.Content && last,
        < 0x20 or 0x7f => false,
        < 0x7f => true,
        < 0xa0 => false,
        _ => Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control or UnicodeCategory.OtherNotAssigned),
    };

    private static string Escaped(char c, Mode mode) => c switch
    {
        _ when mode == Mode.Json => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
        >= '\udc80' and <= '\udcff' => string.Create(CultureInfo.InvariantCulture, $"\\x{c - 0xdc00:x2}"), // a byte of a name that is not UTF-8
        '\\' => "\\\\",
        '\t' => "\\t",
        '\n' => "\\n",
        '\r' => "\\r",
        < '\u0080' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
    };
}
