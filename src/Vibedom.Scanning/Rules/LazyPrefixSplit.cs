using System.Globalization;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// 100 of gitleaks' 221 regexes open with a lazy bounded prefix, <c>(?i)[\w.-]{0,50}?(?:keyword…)…</c>. On the
/// non-backtracking engine that prefix multiplies the automaton's states by the positions of the count, and
/// the rule runs over whole windows of text: measured, <c>generic-api-key</c>'s cache grew to about 30 MB on
/// the 211 MB benchmark corpus. The same matches come from the rest of the pattern (the core) and a walk back:
/// for the leftmost match of the core at <c>k</c> (searched from <c>from</c>, the previous match's end), the
/// whole pattern's leftmost match starts at the first of <c>from</c>, <c>k - bound</c> and the start of the run
/// of <c>[\w.-]</c> chars ending at <c>k</c>, and ends where the core's match ends (no earlier start can reach a
/// core match: it would need one at or after <c>from</c> and before <c>k</c>; the lazy prefix then takes the
/// first position from that start where the core matches, which is <c>k</c>). A core match of length zero is
/// the one case this does not cover; <see cref="Re2Regex"/> then runs the whole pattern.
/// This recognises only the exact head the translator emits, at the top level of the pattern.
/// </summary>
internal static partial class LazyPrefixSplit
{
    /// <summary>The core (inline options, then the pattern after the head) and the head's bound; null when the pattern has no such head.</summary>
    public static (string Core, int Bound)? Of(string translated)
    {
        var m = Head().Match(translated);
        if (!m.Success)
        {
            return null;
        }

        var rest = translated[m.Length..];
        if (rest.Length == 0 || !IsOneSequence(rest))
        {
            return null;
        }

        return (m.Groups[1].Value + rest, int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
    }

    /// <summary>The head's class, <c>[\w.-]</c> as RE2 means it (ASCII).</summary>
    public static bool IsWordDotDash(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    /// <summary>
    /// True when <paramref name="rest"/> has no <c>|</c> outside groups and classes (so the head applies to all
    /// of it) and its groups balance; false for anything it cannot read (a class opening with <c>]</c>).
    /// </summary>
    private static bool IsOneSequence(string rest)
    {
        var depth = 0;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = ClassEnd(rest, i);
                    if (i < 0)
                    {
                        return false;
                    }

                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth < 0)
                    {
                        return false;
                    }

                    break;
                case '|' when depth == 0:
                    return false;
            }
        }

        return depth == 0;
    }

    /// <summary>The index of the <c>]</c> closing the class opened at <paramref name="open"/>; -1 when unsure.</summary>
    private static int ClassEnd(string text, int open)
    {
        var i = open + 1;
        if (i < text.Length && text[i] == '^')
        {
            i++;
        }

        if (i < text.Length && text[i] == ']')
        {
            return -1;
        }

        for (; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '[')
            {
                return -1; // a subtraction or a nested class: not the translator's form
            }
            else if (text[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    // (?i)? then (?:[\w.-]){0,N}? exactly as Re2Translator (and LazyPrefixMerge) emit them
    [GeneratedRegex(@"\A(\(\?i\))?\(\?:\[0-9A-Z_a-z\\u002e\\u002d\]\)\{0,(\d{1,4})\}\?", RegexOptions.CultureInvariant)]
    private static partial Regex Head();
}
