namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// Phone numbers, conservatively (bare digit runs are not phones): international numbers written with their
/// <c>+</c> (E.164 <c>+14155552671</c>, or grouped <c>+44 20 7946 0958</c>; 8-15 digits, at least 10 when
/// ungrouped) and North American national numbers <c>(415) 555-2671</c>, <c>415-555-2671</c>, <c>1-415-555-2671</c>
/// (area code and exchange starting 2-9). Other national formats (<c>0490 75 40 81</c>, <c>01.84.17.61.18</c>,
/// <c>(08) 8747 6301</c>) only where a phone word comes shortly before them (see the <c>Context</c> part).
/// </summary>
internal sealed partial class PhoneNumberDetector : IPiiDetector
{
    public string RuleId => "phone-number";

    public void Find(PiiInput input, List<(int Start, int End)> found)
    {
        var text = input.Text;
        foreach (var run in input.Runs)
        {
            if (!PiiText.ClearAfter(text, run.End))
            {
                continue;
            }

            if (run.Start > 0 && text[run.Start - 1] == '+')
            {
                if (International(run) && PiiText.ClearBefore(text, run.Start - 1) && !char.IsAsciiDigit(At(text, run.Start - 2)))
                {
                    found.Add((run.Start - 1, run.End));
                }

                continue;
            }

            if (PiiText.ClearBefore(text, run.Start) && run.Separator == '-' && NorthAmerican(text, run))
            {
                found.Add((run.Start, run.End));
            }
        }

        FindParenthesised(text, found);
        FindAfterPhoneWords(text, found);
    }

    private static bool International(DigitRun run) =>
        run.Digits is >= 8 and <= 15 && run.Separator != '?'
        && (run.Groups.Length == 1 ? run.Digits >= 10 : run.Groups[0] <= 3 && run.Groups.All(g => g <= 8));

    private static bool NorthAmerican(string text, DigitRun run)
    {
        var area = run.GroupsAre(3, 3, 4) ? run.Start : run.GroupsAre(1, 3, 3, 4) && text[run.Start] == '1' ? run.Start + 2 : -1;
        return area >= 0 && text[area] >= '2' && text[area + 4] >= '2';
    }

    /// <summary><c>(415) 555-2671</c> and <c>(415)555-2671</c>.</summary>
    private static void FindParenthesised(string text, List<(int Start, int End)> found)
    {
        for (var i = text.IndexOf('(', StringComparison.Ordinal); i >= 0 && i + 13 <= text.Length; i = text.IndexOf('(', i + 1))
        {
            if (!PiiText.ClearBefore(text, i) || !Digits(text, i + 1, 3) || text[i + 4] != ')')
            {
                continue;
            }

            var at = text[i + 5] == ' ' ? i + 6 : i + 5;
            var end = at + 8;
            if (end <= text.Length && Digits(text, at, 3) && text[at + 3] == '-' && Digits(text, at + 4, 4)
                && text[i + 1] >= '2' && text[at] >= '2' && PiiText.ClearAfter(text, end))
            {
                found.Add((i, end));
            }
        }
    }

    private static bool Digits(string text, int at, int count)
    {
        if (at + count > text.Length)
        {
            return false;
        }

        for (var i = at; i < at + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static char At(string text, int i) => i >= 0 && i < text.Length ? text[i] : '\0';
}
