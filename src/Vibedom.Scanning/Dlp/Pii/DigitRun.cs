namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// A maximal run of digit groups joined by single spaces or dashes (<c>4111 1111 1111 1111</c>, <c>415-555-2671</c>):
/// the candidates of the number-shaped PII detectors. <see cref="Separator"/> is '\0' for a plain run, ' ' or '-'
/// when every join is that char, '?' when they are mixed.
/// </summary>
internal readonly partial record struct DigitRun(int Start, int End, int[] Groups, char Separator)
{
    public int Digits => Groups.Sum();

    public bool GroupsAre(params int[] lengths) => Groups.AsSpan().SequenceEqual(lengths);

    /// <summary>The run's digits, separators dropped.</summary>
    public string DigitsOf(string text)
    {
        var chars = new char[Digits];
        var n = 0;
        for (var i = Start; i < End; i++)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                chars[n++] = text[i];
            }
        }

        return new string(chars);
    }

    /// <summary>The fewest digits a number-shaped detector looks at (an E.164 number without its <c>+</c>: 8).</summary>
    public const int MinimumDigits = 8;

    /// <summary>
    /// Every maximal run in <paramref name="text"/> of at least <see cref="MinimumDigits"/> digits, in order; runs
    /// longer than 64 chars are skipped. Digits are found by a vectorised search; a shorter run allocates nothing.
    /// </summary>
    public static List<DigitRun> All(string text)
    {
        var runs = new List<DigitRun>();
        var groups = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            i = SkipShort(text, i);
            var next = text.AsSpan(i).IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                break;
            }

            i += next;
            var start = i;
            var separator = '\0';
            groups.Clear();
            while (true)
            {
                var g = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                groups.Add(i - g);
                if (i + 1 < text.Length && text[i] is ' ' or '-' && char.IsAsciiDigit(text[i + 1]))
                {
                    separator = separator == '\0' || separator == text[i] ? text[i] : '?';
                    i++;
                    continue;
                }

                break;
            }

            if (i - start - (groups.Count - 1) >= MinimumDigits && i - start <= 64)
            {
                runs.Add(new DigitRun(start, i, [.. groups], separator));
            }
        }

        return runs;
    }
}
