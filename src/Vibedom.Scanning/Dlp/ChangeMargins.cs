using System.Buffers;
using System.Text;
using Vibedom.Scanning.Detection;
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
/// it) and a <c>\uXXXX</c> or <c>%XX</c> escape counts one (the decoded passes read it as one char); a zone holding an
/// escape takes the widest reach (a keyword written with one is a keyword only to the decoded passes); never more than
/// <see cref="DlpLimits.Tail"/> bytes. <see cref="DlpLimits.Context"/> bytes are added on each side (word boundaries, a
/// PII value's surroundings, what a decoded pass reads around an escape).
/// </summary>
internal sealed class ChangeMargins
{
    /// <summary>Rules are grouped by their reach rounded up to a power of two at least this (one keyword search per group).</summary>
    private const int Smallest = 256;

    private readonly int _tail;
    private readonly int _context;
    private readonly int _always; // the reach when no rule's keyword is near the change: PII, exact values, keyword-less rules
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
            // a keyword written with an escape (\u0065yJ, %70assword) is one only to the decoded passes: every rule counts
            if (_groups.Length > 0 && HasEscape(zone))
            {
                reach = 0;
            }
            else
            {
                for (var g = 0; g < _groups.Length; g++)
                {
                    if (zone[(backs[g] - low)..(ons[g] - low)].IndexOfAny(_groups[g].Keywords) >= 0)
                    {
                        reach = g;
                        break;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        return (Math.Max(0, backs[reach] - _context), Math.Min(body.Length, ons[reach] + _context));
    }

    /// <summary>Whether <paramref name="zone"/> holds a <c>\uXXXX</c> or <c>%XX</c> escape (a chat body rarely does).</summary>
    private static bool HasEscape(ReadOnlySpan<char> zone)
    {
        for (var at = zone.IndexOfAny('\\', '%'); at >= 0; at = zone.IndexOfAny('\\', '%'))
        {
            if (zone[at] == '%' ? HexDigits.Parse(zone, at + 1, 2) >= 0 : at + 1 < zone.Length && zone[at + 1] is 'u' or 'U' && HexDigits.Parse(zone, at + 2, 4) >= 0)
            {
                return true;
            }

            zone = zone[(at + 1)..];
        }

        return false;
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
        long counted = 0;
        for (var i = _reaches.Length - 1; i >= 0; i--)
        {
            if (_reaches[i] >= _tail)
            {
                marks[i] = limit; // a tail's worth of chars takes at least a tail's worth of bytes
                continue;
            }

            // take as many bytes as chars are missing, count the chars they hold, again until enough (a few rounds: white
            // space and escapes are a small part of a body)
            while (counted < _reaches[i] && at > limit)
            {
                var from = (int)Math.Max(limit, at - (_reaches[i] - counted));
                counted += AtMostChars(body, from, at);
                at = from;
            }

            marks[i] = at;
        }
    }

    /// <summary><see cref="Back"/> the other way, from <paramref name="end"/> up to <paramref name="limit"/>.</summary>
    private void Forward(ReadOnlySpan<byte> body, int end, int limit, Span<int> marks)
    {
        var at = end;
        long counted = 0;
        for (var i = _reaches.Length - 1; i >= 0; i--)
        {
            if (_reaches[i] >= _tail)
            {
                marks[i] = limit;
                continue;
            }

            while (counted < _reaches[i] && at < limit)
            {
                var to = (int)Math.Min(limit, at + (_reaches[i] - counted));
                counted += AtMostChars(body, at, to);
                at = to;
            }

            marks[i] = at;
        }
    }

    /// <summary>
    /// At most the chars a match could hold in <c>body[from..to]</c>: its bytes less white space, five for each
    /// <c>\u</c> (the rest of a <c>\uXXXX</c> escape: one char decoded) and two for each <c>%</c> (<c>%XX</c>); a pair or an
    /// escape across an end may be counted on both sides. Fewer chars counted only widens the margins.
    /// </summary>
    private static int AtMostChars(ReadOnlySpan<byte> body, int from, int to)
    {
        var bytes = body[from..to];
        var chars = bytes.Length - bytes.Count((byte)' ') - bytes.Count((byte)'\n') - bytes.Count((byte)'\t') - bytes.Count((byte)'\r') - bytes.Count((byte)'\f')
            - (2 * bytes.Count((byte)'%'));
        var pairs = body[from..Math.Min(body.Length, to + 1)]; // a \u whose u is just past the end
        for (var at = pairs.IndexOf("\\u"u8); at >= 0; at = pairs.IndexOf("\\u"u8))
        {
            chars -= 5;
            pairs = pairs[(at + 2)..];
        }

        return Math.Max(0, chars);
    }

    private sealed record Group(int Reach, SearchValues<string> Keywords);
}
