using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp.Pii;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// How far around the part of a body that changed (from a body scanned before, <see cref="KnownBodies"/>) a match can
/// reach into the part that did not: what must be scanned again. A match that overlaps the change lies within its
/// reach of the change, so the margin on each side is the longest reach of what could match there: every PII detector
/// (<see cref="PiiDetectors.Reach"/>), the workspace's exact values in every form they are matched in, and each rule whose
/// keyword occurs within that rule's reach of the change (its match holds its keyword: a rule whose keyword does not occur
/// that near cannot match across the change). A rule's reach is <see cref="RegexReach"/> doubled: a value the decoder
/// finds in base64 or hex spans up to twice its length. A rule with an open repeat, a keyword-less one, or one that needs
/// another rule's match, reaches <see cref="DlpLimits.Tail"/>, a stream's hold-back (the margin before these margins).
/// Margins are counted in chars a match could hold: white space counts nothing (<c>key = value</c> may hold any run of
/// it) and a <c>\uXXXX</c> or <c>%XX</c> escape counts one (the decoded passes read it as one char); never more than
/// <see cref="DlpLimits.Tail"/> bytes. <see cref="DlpLimits.Context"/> bytes are added on each side (word boundaries, a
/// PII value's surroundings, what a decoded pass reads around an escape).
/// </summary>
internal sealed class ChangeMargins
{
    /// <summary>Rules are grouped by their reach rounded up to a power of two at least this (one keyword search per group).</summary>
    private const int Smallest = 256;

    private readonly int _tail;
    private readonly int _context;
    private readonly int _always;
    private readonly Group[] _groups; // widest first

    public ChangeMargins(IEnumerable<Rule> rules, int exactReach, DlpLimits limits)
    {
        _tail = limits.Tail;
        _context = limits.Context;
        _always = Math.Min(_tail, Math.Max(PiiDetectors.Reach, exactReach));
        var byReach = new SortedDictionary<int, HashSet<string>>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var rule in rules.Where(r => r.Regex is not null))
        {
            var reach = Reach(rule);
            if (rule.Keywords.Count == 0)
            {
                _always = Math.Max(_always, reach);
                continue;
            }

            if (!byReach.TryGetValue(reach, out var keywords))
            {
                byReach[reach] = keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            keywords.UnionWith(rule.Keywords);
        }

        _groups = [.. byReach.Where(g => g.Key > _always).Select(g => new Group(g.Key, SearchValues.Create([.. g.Value], StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>The margin when no rule's keyword is near the change (PII, exact values, keyword-less rules), in chars.</summary>
    public int Always => _always;

    /// <summary>The part of <paramref name="body"/> to scan for a change over [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public (int From, int To) Around(ReadOnlySpan<byte> body, int start, int end)
    {
        var reach = _always;
        foreach (var group in _groups)
        {
            if (group.Reach <= reach)
            {
                break;
            }

            int from = Back(body, start, group.Reach), to = Forward(body, end, group.Reach);
            if (HasKeyword(body[from..to], group.Keywords))
            {
                reach = group.Reach;
            }
        }

        return (Math.Max(0, Back(body, start, reach) - _context), Math.Min(body.Length, Forward(body, end, reach) + _context));
    }

    private int Reach(Rule rule)
    {
        var reach = rule.Required.Count > 0 ? RegexReach.Unbounded : RegexReach.Of(rule.Regex!.Source);
        if (reach >= _tail / 2)
        {
            return _tail;
        }

        var rounded = Smallest;
        while (rounded < 2 * reach)
        {
            rounded *= 2;
        }

        return Math.Min(rounded, _tail);
    }

    /// <summary>Where a walk back from <paramref name="start"/> over <paramref name="chars"/> chars a match could hold ends.</summary>
    private int Back(ReadOnlySpan<byte> body, int start, int chars)
    {
        var limit = Math.Max(0, start - _tail);
        var at = start;
        for (var counted = 0; counted < chars; counted++)
        {
            while (at > limit && IsWhite(body[at - 1]))
            {
                at--;
            }

            if (at <= limit)
            {
                break;
            }

            at -= at - 6 >= limit && IsUnicodeEscape(body[(at - 6)..at]) ? 6 : at - 3 >= limit && IsPercentEscape(body[(at - 3)..at]) ? 3 : 1;
        }

        return at;
    }

    /// <summary>Where a walk on from <paramref name="end"/> over <paramref name="chars"/> chars a match could hold ends.</summary>
    private int Forward(ReadOnlySpan<byte> body, int end, int chars)
    {
        var limit = Math.Min(body.Length, end + _tail);
        var at = end;
        for (var counted = 0; counted < chars; counted++)
        {
            while (at < limit && IsWhite(body[at]))
            {
                at++;
            }

            if (at >= limit)
            {
                break;
            }

            at += at + 6 <= limit && IsUnicodeEscape(body[at..(at + 6)]) ? 6 : at + 3 <= limit && IsPercentEscape(body[at..(at + 3)]) ? 3 : 1;
        }

        return at;
    }

    private static bool HasKeyword(ReadOnlySpan<byte> zone, SearchValues<string> keywords)
    {
        if (zone.IsEmpty)
        {
            return false;
        }

        var chars = ArrayPool<char>.Shared.Rent(zone.Length);
        try
        {
            var n = Encoding.Latin1.GetChars(zone, chars);
            return chars.AsSpan(0, n).IndexOfAny(keywords) >= 0;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static bool IsWhite(byte b) => b is (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r' or (byte)' ';

    private static bool IsUnicodeEscape(ReadOnlySpan<byte> s) =>
        s[0] == '\\' && (s[1] == 'u' || s[1] == 'U') && char.IsAsciiHexDigit((char)s[2]) && char.IsAsciiHexDigit((char)s[3]) && char.IsAsciiHexDigit((char)s[4]) && char.IsAsciiHexDigit((char)s[5]);

    private static bool IsPercentEscape(ReadOnlySpan<byte> s) =>
        s[0] == '%' && char.IsAsciiHexDigit((char)s[1]) && char.IsAsciiHexDigit((char)s[2]);

    private sealed record Group(int Reach, SearchValues<string> Keywords);
}
