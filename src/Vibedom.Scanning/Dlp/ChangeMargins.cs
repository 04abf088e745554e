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
    private readonly int[] _reaches; // the groups' reaches, then _always

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
        _reaches = [.. _groups.Select(g => g.Reach), _always];
    }

    /// <summary>The margin when no rule's keyword is near the change (PII, exact values, keyword-less rules), in chars.</summary>
    public int Always => _always;

    /// <summary>The part of <paramref name="body"/> to scan for a change over [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public (int From, int To) Around(ReadOnlySpan<byte> body, int start, int end)
    {
        // one walk each way marks where each group's reach ends; the keywords are looked for in the widest zone's chars
        int low = Math.Max(0, start - _tail), high = Math.Min(body.Length, end + _tail);
        Span<int> backs = stackalloc int[_reaches.Length];
        Span<int> ons = stackalloc int[_reaches.Length];
        Back(body, start, low, backs);
        Forward(body, end, high, ons);
        var reach = _reaches.Length - 1; // _always
        var chars = ArrayPool<char>.Shared.Rent(high - low);
        try
        {
            var zone = chars.AsSpan(0, Encoding.Latin1.GetChars(body[low..high], chars));
            for (var g = 0; g < _groups.Length; g++)
            {
                if (zone[(backs[g] - low)..(ons[g] - low)].IndexOfAny(_groups[g].Keywords) >= 0)
                {
                    reach = g;
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        return (Math.Max(0, backs[reach] - _context), Math.Min(body.Length, ons[reach] + _context));
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

    /// <summary>
    /// Walks back from <paramref name="start"/> (not past <paramref name="limit"/>) over the chars a match could hold and
    /// marks in <paramref name="marks"/> where each of <see cref="_reaches"/> (widest first) ends.
    /// </summary>
    private void Back(ReadOnlySpan<byte> body, int start, int limit, Span<int> marks)
    {
        var at = start;
        var counted = 0;
        for (var i = _reaches.Length - 1; i >= 0; i--)
        {
            if (_reaches[i] >= _tail)
            {
                marks[i] = limit; // a tail's worth of chars takes at least a tail's worth of bytes
                continue;
            }

            for (; counted < _reaches[i] && at > limit; counted++)
            {
                while (at > limit && IsWhite(body[at - 1]))
                {
                    at--;
                }

                if (at > limit)
                {
                    at -= EscapeEndingAt(body, at, limit);
                }
            }

            marks[i] = at;
        }
    }

    /// <summary><see cref="Back"/> the other way, from <paramref name="end"/> up to <paramref name="limit"/>.</summary>
    private void Forward(ReadOnlySpan<byte> body, int end, int limit, Span<int> marks)
    {
        var at = end;
        var counted = 0;
        for (var i = _reaches.Length - 1; i >= 0; i--)
        {
            if (_reaches[i] >= _tail)
            {
                marks[i] = limit;
                continue;
            }

            for (; counted < _reaches[i] && at < limit; counted++)
            {
                while (at < limit && IsWhite(body[at]))
                {
                    at++;
                }

                if (at < limit)
                {
                    at += EscapeStartingAt(body, at, limit);
                }
            }

            marks[i] = at;
        }
    }

    /// <summary>The bytes of the char a match could hold that ends at <paramref name="at"/>: 6 for <c>\uXXXX</c>, 3 for <c>%XX</c>, else 1.</summary>
    private static int EscapeEndingAt(ReadOnlySpan<byte> body, int at, int limit)
    {
        if (!char.IsAsciiHexDigit((char)body[at - 1]))
        {
            return 1;
        }

        if (at - 6 >= limit && body[at - 6] == '\\' && IsUnicodeEscape(body[(at - 6)..at]))
        {
            return 6;
        }

        return at - 3 >= limit && body[at - 3] == '%' && IsPercentEscape(body[(at - 3)..at]) ? 3 : 1;
    }

    /// <summary>The bytes of the char a match could hold that starts at <paramref name="at"/>.</summary>
    private static int EscapeStartingAt(ReadOnlySpan<byte> body, int at, int limit) => body[at] switch
    {
        (byte)'\\' when at + 6 <= limit && IsUnicodeEscape(body[at..(at + 6)]) => 6,
        (byte)'%' when at + 3 <= limit && IsPercentEscape(body[at..(at + 3)]) => 3,
        _ => 1,
    };

    private static bool IsWhite(byte b) => b is (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r' or (byte)' ';

    private static bool IsUnicodeEscape(ReadOnlySpan<byte> s) =>
        s[0] == '\\' && (s[1] == 'u' || s[1] == 'U') && char.IsAsciiHexDigit((char)s[2]) && char.IsAsciiHexDigit((char)s[3]) && char.IsAsciiHexDigit((char)s[4]) && char.IsAsciiHexDigit((char)s[5]);

    private static bool IsPercentEscape(ReadOnlySpan<byte> s) =>
        s[0] == '%' && char.IsAsciiHexDigit((char)s[1]) && char.IsAsciiHexDigit((char)s[2]);

    private sealed record Group(int Reach, SearchValues<string> Keywords);
}
