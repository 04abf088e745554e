namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// Whether a value stands in text rather than in binary data: at most a quarter of the <see cref="Reach"/> chars on
/// each side of it (fewer at the input's edges) are chars text never holds. Those are the C0 controls other than
/// whitespace, DEL and, in a body's bytes, a byte outside a UTF-8 sequence (in decoded text: U+FFFD and
/// the C1 controls). Random bytes are more than half such chars, so an address-shaped run in them is left alone; a
/// record format that puts a field's tag and length before its text (protobuf, SQLite) stays well under a quarter.
/// </summary>
internal static class PiiNeighbourhood
{
    public const int Reach = 32;

    public static bool IsText(PiiInput input, int start, int end)
    {
        var text = input.Text;
        var from = Math.Max(0, start - Reach);
        var to = Math.Min(text.Length, end + Reach);
        var counted = start - from + (to - end);
        var binary = CountBinary(text, from, start, input.Bytes) + CountBinary(text, end, to, input.Bytes);
        return binary * 4 <= counted;
    }

    private static int CountBinary(string text, int from, int to, bool bytes)
    {
        var binary = 0;
        for (var i = from; i < to; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                binary += c is < '\t' or (> '\r' and < ' ') or '\x7f' ? 1 : 0;
            }
            else if (!bytes)
            {
                binary += c is '\uFFFD' or (>= '\x80' and <= '\x9f') ? 1 : 0;
            }
            else if (Utf8Length(text, i, to) is var length and > 0)
            {
                i += length - 1;
            }
            else
            {
                binary++;
            }
        }

        return binary;
    }

    /// <summary>The length of the UTF-8 sequence (lead and continuation bytes) whose lead byte is at <paramref name="at"/>, or 0.</summary>
    private static int Utf8Length(string text, int at, int to)
    {
        var length = text[at] switch
        {
            >= '\xC2' and <= '\xDF' => 2,
            >= '\xE0' and <= '\xEF' => 3,
            >= '\xF0' and <= '\xF4' => 4,
            _ => 0,
        };
        if (length == 0 || at + length > to)
        {
            return 0;
        }

        for (var i = at + 1; i < at + length; i++)
        {
            if (text[i] is < '\x80' or > '\xBF')
            {
                return 0;
            }
        }

        return length;
    }
}
