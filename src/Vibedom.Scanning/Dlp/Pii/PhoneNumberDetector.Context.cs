using System.Buffers;

namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// National numbers in any common grouping, only after a phone word: <c>phone</c>, <c>tel</c>, <c>mobile</c>,
/// <c>cell</c>, <c>fax</c>, <c>call</c>, <c>contact</c>, <c>sms</c>, <c>whatsapp</c> (any case) no more than
/// <see cref="Reach"/> characters before the number. A number is 7-15 digits in groups joined by one space, <c>-</c>
/// or <c>.</c>, with an optional leading <c>+</c>, <c>(0)</c> or parenthesised area code and an optional
/// <c>x123</c> extension. Dates (<c>2024-01-15</c>, <c>15.01.2024</c>) and dotted quads are not numbers. Without the
/// word (on the same line, or on the next line after a label such as <c>Phone:</c>), a bare digit group stays what it most often is in code and logs: an id, a count, a size.
/// </summary>
internal sealed partial class PhoneNumberDetector
{
    private const int Reach = 40;

    private static readonly string[] Words = ["phone", "tel:", "tel.", "tel ", "telephone", "mobile", "cell", "fax", "call", "contact", "sms", "whatsapp"];

    private static readonly SearchValues<string> PhoneWords = SearchValues.Create(Words, StringComparison.OrdinalIgnoreCase);

    private static void FindAfterPhoneWords(string text, List<(int Start, int End)> found)
    {
        var at = 0;
        while (at < text.Length)
        {
            var next = text.AsSpan(at).IndexOfAny(PhoneWords);
            if (next < 0)
            {
                return;
            }

            var word = at + next;
            at = word + 3;
            if (!IsPhoneWord(text, word))
            {
                continue;
            }
            var limit = Math.Min(text.Length, word + Reach);
            var label = true; // only the rest of the word, spaces and punctuation so far: a label such as "Phone:"
            for (var i = word + 3; i < limit; i++)
            {
                if (text[i] is '\n' or '\r' && !label)
                {
                    break;
                }

                var labelled = label;
                label &= !char.IsAsciiDigit(text[i]) && (!char.IsAsciiLetter(text[i]) || PiiText.IsWordChar(text[i - 1]));

                if ((char.IsAsciiDigit(text[i]) || text[i] is '+' or '(') && (i == 0 || !PiiText.IsWordChar(text[i - 1])))
                {
                    var end = NumberEnd(text, i, labelled);
                    if (end > 0 && !found.Exists(f => f.Start < end && i < f.End))
                    {
                        found.Add((i, end));
                        at = end;
                    }

                    break;
                }
            }
        }
    }

    /// <summary>
    /// The phone word at <paramref name="word"/> is a word of its own, at most three letters longer (<c>phones</c>,
    /// <c>called</c>, <c>calling</c>): not <c>hotel</c>, <c>call_id</c>, <c>callback</c>, <c>cellCount2</c> or a method <c>.call(</c>.
    /// </summary>
    private static bool IsPhoneWord(string text, int word)
    {
        if (word > 0 && PiiText.IsWordChar(text[word - 1]))
        {
            return false;
        }

        var length = Words.Where(w => text.AsSpan(word).StartsWith(w, StringComparison.OrdinalIgnoreCase)).Max(w => w.TrimEnd(':', '.', ' ').Length);
        var end = word + length;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        return end - word - length <= 3 && (end == text.Length || !(PiiText.IsWordChar(text[end]) || text[end] == '('));
    }

    /// <summary>The end of a phone-shaped number starting at <paramref name="start"/>, or -1.</summary>
    private static int NumberEnd(string text, int start, bool labelled)
    {
        var i = start;
        if (text[i] == '+')
        {
            i++;
        }

        int digits = 0, groups = 0, dots = 0, longest = 0;
        var firstGroup = 0;
        var lastEnd = -1;
        while (i < text.Length)
        {
            var open = text[i] == '(';
            var from = open ? i + 1 : i;
            var to = from;
            while (to < text.Length && char.IsAsciiDigit(text[to]))
            {
                to++;
            }

            if (to == from || to - from > 12 || (open && (to >= text.Length || text[to] != ')')))
            {
                break;
            }

            groups++;
            digits += to - from;
            longest = Math.Max(longest, to - from);
            firstGroup = groups == 1 ? to - from : firstGroup;
            i = open ? to + 1 : to;
            lastEnd = i;
            if (i + 1 < text.Length && text[i] is ' ' or '-' or '.' && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '('))
            {
                dots += text[i] == '.' ? 1 : 0;
                i++;
            }
            else if ((i < text.Length && text[i] == '(') || (i + 1 < text.Length && text[i] == ' ' && text[i + 1] == '('))
            {
                i += text[i] == ' ' ? 1 : 0;
            }
            else if (open && i < text.Length && char.IsAsciiDigit(text[i]))
            {
                // "(0)8 928": a parenthesised group may be followed by digits directly
            }
            else
            {
                break;
            }
        }

        if (lastEnd < 0 || digits is < 7 or > 15 || (groups == 1 ? digits < 9 || !labelled : longest > 8) || LooksLikeDateOrAddress(text, start, lastEnd, groups, dots, firstGroup, longest))
        {
            return -1;
        }

        var end = Extension(text, lastEnd);
        return PiiText.ClearAfter(text, end) ? end : -1;
    }

    private static int Extension(string text, int end)
    {
        if (end + 1 < text.Length && text[end] == 'x' && char.IsAsciiDigit(text[end + 1]))
        {
            var i = end + 1;
            while (i < text.Length && i - end <= 5 && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            return i;
        }

        return end;
    }

    private static bool LooksLikeDateOrAddress(string text, int start, int end, int groups, int dots, int firstGroup, int longest)
    {
        var value = text.AsSpan(start, end - start);
        var quad = groups == 4 && dots == 3 && longest <= 3;
        var date = groups == 3 && value.Length == 10 && value.IndexOfAny(' ', '(') < 0 && (firstGroup == 4 || value[^5] is '-' or '.' or '/');
        return quad || date;
    }
}
