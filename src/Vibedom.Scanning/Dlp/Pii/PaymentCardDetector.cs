namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// Payment card numbers: 13-19 digits, plain or in the usual groups (4-4-4-4[-1..3], Amex 4-6-5, Diners 4-6-4) joined
/// by spaces or dashes, with a known issuer prefix (Visa, Mastercard, Maestro, Amex, Discover, Diners, JCB, UnionPay) and a
/// valid Luhn check digit. The prefix keeps millisecond timestamps and Luhn-valid ids that no card starts with out.
/// A card written with a CVV or an expiry in the same run (<c>4111 1111 1111 1111 123</c>) is found without it.
/// </summary>
internal sealed class PaymentCardDetector : IPiiDetector
{
    private static readonly int[][] Groupings = [[4, 4, 4, 4], [4, 4, 4, 4, 1], [4, 4, 4, 4, 2], [4, 4, 4, 4, 3], [4, 6, 5], [4, 6, 4]];

    public string RuleId => "credit-card";

    public void Find(PiiInput input, List<(int Start, int End)> found)
    {
        var text = input.Text;
        foreach (var run in input.Runs)
        {
            if (run.Separator == '?' || !PiiText.StandsAlone(text, run.Start, run.End))
            {
                continue;
            }

            if (CardIn(text, run) is { } card)
            {
                found.Add((card.Start, card.End));
            }
        }
    }

    /// <summary>The card <paramref name="run"/> is, or holds with one short group before or after it; else null.</summary>
    private static DigitRun? CardIn(string text, DigitRun run)
    {
        if (IsCard(text, run))
        {
            return run;
        }

        var groups = run.Groups;
        if (groups.Length < 2)
        {
            return null;
        }

        var first = run with { End = run.End - groups[^1] - 1, Groups = groups[..^1] };
        if (groups[^1] <= ExtraDigits && IsCard(text, first))
        {
            return first;
        }

        var last = run with { Start = run.Start + groups[0] + 1, Groups = groups[1..] };
        return groups[0] <= ExtraDigits && IsCard(text, last) ? last : null;
    }

    /// <summary>
    /// The most digits of one group joined to a card, before or after it, that is tried without it: a CVV, an expiry
    /// written <c>1226</c>, a quantity (<c>4111 1111 1111 1111 123</c>, <c>4111111111111111 0</c>). The whole run fits no
    /// card's grouping or length, and the card in it passed.
    /// </summary>
    private const int ExtraDigits = 4;

    private static bool IsCard(string text, DigitRun run)
    {
        if (run.Digits is < 13 or > 19 || (run.Groups.Length > 1 && !Groupings.Any(g => run.GroupsAre(g))))
        {
            return false;
        }

        var digits = run.DigitsOf(text);
        return KnownIssuer(digits) && Luhn(digits);
    }

    internal static bool Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    private static bool KnownIssuer(string d)
    {
        int Prefix(int n) => int.Parse(d.AsSpan(0, n), System.Globalization.CultureInfo.InvariantCulture);
        return d[0] switch
        {
            '4' => d.Length is 13 or 16 or 19,                                                    // Visa
            '1' => Prefix(4) == 1800 && d.Length == 15,                                           // JCB (legacy)
            '5' => (Prefix(2) is >= 51 and <= 55 && d.Length == 16)                               // Mastercard
                || (Prefix(4) is 5018 or 5020 or 5038 or 5893 && d.Length is >= 13 and <= 19),   // Maestro
            '2' => (Prefix(4) is >= 2221 and <= 2720 && d.Length == 16)                           // Mastercard 2-series
                || (Prefix(4) == 2131 && d.Length == 15),                                         // JCB (legacy)
            '3' => (Prefix(2) is 34 or 37 && d.Length == 15)                                      // Amex
                || (Prefix(2) is 36 or 38 or 39 && d.Length is >= 14 and <= 16)                   // Diners
                || (Prefix(3) is >= 300 and <= 305 && d.Length is >= 14 and <= 16)
                || (Prefix(2) == 35 && d.Length is >= 16 and <= 19),                               // JCB
            '6' => ((Prefix(4) == 6011 || Prefix(2) == 65 || Prefix(3) is >= 644 and <= 649 || Prefix(2) == 62)
                    && d.Length is >= 16 and <= 19)                                               // Discover, UnionPay
                || (Prefix(4) is 6304 or 6759 or 6761 or 6762 or 6763 && d.Length is >= 13 and <= 19), // Maestro
            _ => false,
        };
    }
}
