using System.Text;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// The JSON-escaped forms of an exact value that holds a char JSON writes with a short escape (a quote, a backslash,
/// a newline: a password with a quote, a private key's lines): the value as a JSON string holds it (<c>\"</c>,
/// <c>\\</c>, <c>\n</c>...), and as a JSON string inside a JSON string holds it (escaped twice: a tool call's
/// arguments). Without a <c>\uXXXX</c> or a <c>\/</c> JSON has one way to write a value, these; a value written with one
/// of those is in a token the JSON decoded pass decodes (<see cref="Decoding.JsonEscapes"/>), and one escaped twice
/// with one is decoded by the detector's own unicode pass (<c>\\u0022</c>). So the decoded pass need not decode every
/// <c>\n</c> and <c>\"</c> of every body to find such a value: it did, and scanned a chat body twice.
/// </summary>
internal static class JsonEscapedForms
{
    /// <summary>The forms of <paramref name="value"/> (none when it holds no char with a short escape), as texts.</summary>
    public static IEnumerable<string> Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Escape(value) is not { } once)
        {
            yield break;
        }

        yield return once;
        yield return Escape(once)!;
    }

    /// <summary>
    /// <paramref name="value"/> as a JSON string's content written with short escapes only; null when it holds no char
    /// that needs one, or a control char JSON can only write as <c>\uXXXX</c> (the decoded pass finds that one).
    /// </summary>
    private static string? Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        var changed = false;
        foreach (var c in value)
        {
            var letter = Decoding.JsonEscapes.ShortEscapeOf(c);
            if (letter == '\0' && c < ' ')
            {
                return null;
            }

            changed |= letter != '\0';
            _ = letter == '\0' ? escaped.Append(c) : escaped.Append('\\').Append(letter);
        }

        return changed ? escaped.ToString() : null;
    }
}
