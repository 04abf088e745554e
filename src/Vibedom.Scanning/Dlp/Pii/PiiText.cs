namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>The boundary tests the PII validators share (ASCII only: every PII shape here is ASCII).</summary>
internal static class PiiText
{
    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The value at [start, end) is not a piece of a longer word, number or version (<c>1.</c>, <c>-x</c>, <c>x</c>).</summary>
    public static bool StandsAlone(string text, int start, int end) => ClearBefore(text, start) && ClearAfter(text, end);

    public static bool ClearBefore(string text, int start)
    {
        if (start == 0)
        {
            return true;
        }

        var c = text[start - 1];
        if (IsWordChar(c))
        {
            return false;
        }

        return c is not ('.' or '-') || start < 2 || !char.IsAsciiLetterOrDigit(text[start - 2]);
    }

    public static bool ClearAfter(string text, int end)
    {
        if (end >= text.Length)
        {
            return true;
        }

        var c = text[end];
        if (IsWordChar(c))
        {
            return false;
        }

        return c is not ('.' or '-') || end + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[end + 1]);
    }
}
