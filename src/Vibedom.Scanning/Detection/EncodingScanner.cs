using System.Buffers;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// The matches of gitleaks' encodings pattern, found without a regex: the same leftmost-first, non-overlapping
/// matches and the same alternative per match as
/// <c>(?P&lt;percent&gt;%[0-9A-Fa-f]{2}(?:.*%[0-9A-Fa-f]{2})?)|(?P&lt;unicode&gt;(?:(?:U\+[a-fA-F0-9]{4}(?:\s|$))+|(?i)(?:\\{1,2}u[a-fA-F0-9]{4})+))|(?P&lt;hex&gt;[0-9A-Fa-f]{32,})|(?P&lt;base64&gt;[\w\/+-]{16,}={0,2})</c>
/// (gitleaks detect/codec/encodings.go; <c>.</c> is any char but <c>\n</c>, <c>\s</c> RE2's ASCII space,
/// <c>$</c> the end of the text). Text that cannot start a match is skipped with vectorised searches; the
/// regex's capture pass was most of a scan's decoding cost. <c>EncodingScannerTests</c> compares both on
/// generated text.
/// </summary>
internal static partial class EncodingScanner
{
    /// <summary>Chars of the base64 alternative's run: <c>[\w\/+-]</c>.</summary>
    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_/+-");

    /// <summary>Chars a match can start with: a run char, <c>%</c> or <c>\</c>.</summary>
    private static readonly SearchValues<char> Starts =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_/+-%\\");

    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789ABCDEFabcdef");

    /// <summary>Per ASCII char: 1 a run char (<c>[\w\/+-]</c>), 2 <c>%</c> or <c>\</c>, 0 neither (a table: read once per char of the text).</summary>
    private static ReadOnlySpan<byte> CharKind =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 2, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];

    private static bool IsRunChar(char c) => c < 128 && CharKind[c] == 1;

    private static bool IsStart(char c) => c < 128 && CharKind[c] != 0;

    /// <summary>Appends each match, in order: its kind and range.</summary>
    public static void FindAll(ReadOnlySpan<char> text, List<(EncodingKinds Kind, TextRange Range)> found)
    {
        var i = 0;
        while (i < text.Length)
        {
            // the next start: most often the next char (words are parted by a char or two), else a vectorised search
            if (!IsStart(text[i]))
            {
                i = SkipPlain(text, i + 1); // past words that cannot match, 16 chars a step
                var next = i >= text.Length ? -1 : IsStart(text[i]) ? 0 : text[i..].IndexOfAny(Starts);
                if (next < 0)
                {
                    return;
                }

                i += next;
            }

            var c = text[i];
            int end;
            if (c == '%')
            {
                end = Percent(text, i);
                i = Add(found, EncodingKinds.Percent, i, end, i + 1);
                continue;
            }

            if (c == '\\')
            {
                end = EscapeRun(text, i);
                i = Add(found, EncodingKinds.Unicode, i, end, i + 1);
                continue;
            }

            // a run of [\w/+-]: at its first char the alternatives are tried in order. Most runs are words shorter than
            // 16 chars: they are walked char by char (a vectorised search costs more to start than a word to read)
            var runEnd = i + 1;
            var plus = c == '+';
            for (var cap = Math.Min(text.Length, i + 16); runEnd < cap && IsRunChar(text[runEnd]); runEnd++)
            {
                plus |= text[runEnd] == '+';
            }

            if (runEnd - i < 16)
            {
                // too short for hex or base64, here and at every later start inside it: only "U+" can match there
                i = (plus ? NextCodePointRun(text, i, runEnd, found) : null) ?? runEnd;
                continue;
            }

            var rest = text[runEnd..].IndexOfAnyExcept(Base64Chars);
            runEnd = rest < 0 ? text.Length : runEnd + rest;

            end = CodePointRun(text, i);
            if (end > 0)
            {
                i = Add(found, EncodingKinds.Unicode, i, end, i + 1);
                continue;
            }

            var hex = runEnd - i < 32 ? 0 : text[i..runEnd].IndexOfAnyExcept(HexChars);
            var hexEnd = hex < 0 ? runEnd : i + hex;
            if (hexEnd - i >= 32)
            {
                i = Add(found, EncodingKinds.Hex, i, hexEnd, i + 1);
                continue;
            }

            end = runEnd;
            while (end < text.Length && end - runEnd < 2 && text[end] == '=')
            {
                end++;
            }

            i = Add(found, EncodingKinds.Base64, i, end, i + 1);
        }
    }

    /// <summary>Records a match and returns where the scan goes on; a failed alternative (end -1) moves on by one char.</summary>
    private static int Add(List<(EncodingKinds Kind, TextRange Range)> found, EncodingKinds kind, int start, int end, int failed)
    {
        if (end < 0)
        {
            return failed;
        }

        found.Add((kind, new TextRange(start, end)));
        return end;
    }

    /// <summary>A "U+XXXX" match starting inside [from, runEnd); its end (the scan's next position), or null.</summary>
    private static int? NextCodePointRun(ReadOnlySpan<char> text, int from, int runEnd, List<(EncodingKinds Kind, TextRange Range)> found)
    {
        for (var u = from; u < runEnd; u++)
        {
            u += Math.Max(0, text[u..runEnd].IndexOf('U'));
            if (u >= runEnd || text[u] != 'U')
            {
                return null;
            }

            var end = CodePointRun(text, u);
            if (end > 0)
            {
                found.Add((EncodingKinds.Unicode, new TextRange(u, end)));
                return end;
            }
        }

        return null;
    }

    /// <summary><c>%XX(?:.*%XX)?</c> at <paramref name="i"/>: to the last <c>%XX</c> on the line; -1.</summary>
    private static int Percent(ReadOnlySpan<char> text, int i)
    {
        if (!PercentAt(text, i))
        {
            return -1;
        }

        var line = text[(i + 3)..];
        var nl = line.IndexOf('\n');
        if (nl >= 0)
        {
            line = line[..nl];
        }

        for (var p = line.LastIndexOf('%'); p >= 0; p = line[..p].LastIndexOf('%'))
        {
            if (PercentAt(line, p))
            {
                return i + 3 + p + 3;
            }
        }

        return i + 3;
    }

    private static bool PercentAt(ReadOnlySpan<char> text, int i) =>
        i + 2 < text.Length && text[i] == '%' && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]);

    /// <summary><c>(?:U\+XXXX(?:\s|$))+</c> at <paramref name="i"/>; its end or -1.</summary>
    private static int CodePointRun(ReadOnlySpan<char> text, int i)
    {
        var end = -1;
        while (i + 6 <= text.Length && text[i] == 'U' && text[i + 1] == '+' && Hex4(text, i + 2))
        {
            if (i + 6 == text.Length)
            {
                return i + 6;
            }

            if (text[i + 6] is not ('\t' or '\n' or '\f' or '\r' or ' '))
            {
                break;
            }

            end = i + 7;
            i += 7;
        }

        return end;
    }

    /// <summary><c>(?i)(?:\\{1,2}u[a-fA-F0-9]{4})+</c> at <paramref name="i"/>; its end or -1.</summary>
    private static int EscapeRun(ReadOnlySpan<char> text, int i)
    {
        var end = -1;
        while (true)
        {
            var k = i + 1 < text.Length && text[i + 1] == '\\' && i + 2 < text.Length && text[i + 2] is 'u' or 'U' ? 2 : 1;
            if (i >= text.Length || text[i] != '\\' || i + k >= text.Length || text[i + k] is not ('u' or 'U') || !Hex4(text, i + k + 1))
            {
                return end;
            }

            end = i + k + 5;
            i = end;
        }
    }

    private static bool Hex4(ReadOnlySpan<char> text, int at) =>
        at + 4 <= text.Length && !text.Slice(at, 4).ContainsAnyExcept(HexChars);
}
