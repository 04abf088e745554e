using System.Collections.Frozen;

namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// IBANs: a country code with its registered length, two check digits, upper-case letters and digits, plain or in
/// groups of four joined by single spaces, all upper case or all lower case, and the ISO 7064 mod-97 check equal to 1. Not inside a longer word or a
/// base64 run (neighbours <c>A-Za-z0-9+/_-</c>).
/// </summary>
internal sealed partial class IbanDetector : IPiiDetector
{
    internal static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["DO"] = 28,
        ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23,
        ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26,
        ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18,
        ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24,
        ["SC"] = 31, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29,
        ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Lengths"/> by the country code's two letters (<c>(first - 'A') * 26 + second - 'A'</c>), 0 for a code
    /// with no IBAN: read once per candidate, where a dictionary lookup of the upper-cased code cost more than the rest
    /// of a rejection (a compiler error <c>CS1503</c>, a hash's first word).
    /// </summary>
    private static readonly byte[] LengthByCode = CodeTable();

    public string RuleId => "iban";

    public void Find(PiiInput input, List<(int Start, int End)> found)
    {
        var lower = new List<(int Start, int End)>();
        Find(input.Text, found, lower);
        found.AddRange(lower);
    }

    /// <summary>
    /// Both letter cases in one pass (an IBAN is written all upper case or, less often, all lower case; each case's
    /// candidates start after its last IBAN). An IBAN is not inside a longer word (<see cref="IsNeighbour"/>), so in a
    /// run of letters and digits (a word, a hash, a GUID's group) only the run's first char can start one: the text is
    /// skipped to the next digit (a candidate's third char), back to the start of its run, and past the run's end.
    /// </summary>
    private static void Find(string text, List<(int Start, int End)> upper, List<(int Start, int End)> lower)
    {
        int fromUpper = 0, fromLower = 0; // each case's candidates start here (after its last IBAN found)
        var d = 2;    // where the next first check digit is looked for
        var limit = text.Length - 12; // a candidate at i needs i + 15 <= length: its first check digit is before this
        while (d < limit)
        {
            d = SkipToCandidate(text, d);
            if (d >= limit)
            {
                return;
            }

            var next = text.AsSpan(d, limit - d).IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                return;
            }

            d += next;
            var start = d;
            while (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
            {
                start--;
            }

            if (start + 2 < limit && char.IsAsciiDigit(text[start + 2]))
            {
                if (start >= fromUpper && At(text, start, upper: true) is var end and > 0)
                {
                    upper.Add((start, end));
                    fromUpper = end;
                }

                if (start >= fromLower && At(text, start, upper: false) is var endLower and > 0)
                {
                    lower.Add((start, endLower));
                    fromLower = endLower;
                }
            }

            while (d < text.Length && char.IsAsciiLetterOrDigit(text[d]))
            {
                d++;
            }
        }
    }

    /// <summary>The end of the IBAN starting at <paramref name="i"/> (its third char a digit), or -1.</summary>
    private static int At(string text, int i, bool upper)
    {
        if (!IsLetter(text[i], upper) || !IsLetter(text[i + 1], upper) || !char.IsAsciiDigit(text[i + 3])
            || (i > 0 && IsNeighbour(text[i - 1])) || LengthByCode[(((text[i] | 0x20) - 'a') * 26) + (text[i + 1] | 0x20) - 'a'] is var length && length == 0)
        {
            return -1;
        }

        var end = Take(text, i, length, upper);
        return end > 0 && (end == text.Length || !IsNeighbour(text[end])) && Mod97(text.AsSpan(i, end - i)) == 1 ? end : -1;
    }

    private static byte[] CodeTable()
    {
        var table = new byte[26 * 26];
        foreach (var (code, length) in Lengths)
        {
            table[((code[0] - 'A') * 26) + code[1] - 'A'] = (byte)length;
        }

        return table;
    }

    private static bool IsLetter(char c, bool upper) => upper ? char.IsAsciiLetterUpper(c) : char.IsAsciiLetterLower(c);

    /// <summary>The end of <paramref name="length"/> alphanumerics from <paramref name="start"/>, plain or spaced by four; -1.</summary>
    private static int Take(string text, int start, int length, bool upper)
    {
        var spaced = start + 4 < text.Length && text[start + 4] == ' ';
        var at = start;
        for (var n = 0; n < length; n++)
        {
            if (spaced && n > 0 && n % 4 == 0)
            {
                if (at >= text.Length || text[at] != ' ')
                {
                    return -1;
                }

                at++;
            }

            if (at >= text.Length || !(char.IsAsciiDigit(text[at]) || IsLetter(text[at], upper)))
            {
                return -1;
            }

            at++;
        }

        return at;
    }

    /// <summary>ISO 7064 MOD 97-10 over the IBAN rearranged (first four chars moved to the end, letters as 10-35).</summary>
    private static int Mod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = char.ToUpperInvariant(iban[(k + 4) % iban.Length]);
            if (c == ' ')
            {
                continue;
            }

            remainder = char.IsAsciiDigit(c) ? ((remainder * 10) + (c - '0')) % 97 : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }

    private static bool IsNeighbour(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '_' or '-';
}
