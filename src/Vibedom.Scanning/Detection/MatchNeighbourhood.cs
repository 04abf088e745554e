using System.Buffers;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// For a pattern whose every match contains one of <see cref="Factors"/> (ignoring ASCII case), starting at most
/// <see cref="Lead"/> chars after the match's start, and whose match has fewer than <see cref="Reach"/> chars other
/// than white space from that factor's start to its end, with no assertion after its first char (no <c>$</c>, no
/// lookahead, no trailing <c>\b</c>), and no empty match: the same matches as one scan of the whole text, found by
/// running the regex only near each factor. The proof, for the first factor at <c>f</c> at or after the position
/// <c>pos</c> where the whole scan would resume: a match starting in [pos, f - Lead) would hold a factor before f, so
/// none does; a match starting in [f - Lead, f] holds a factor in [f, f + Lead], so it ends before the end of the
/// window <c>ReachEnd(f + Lead)</c>; truncating the text there removes no such match and adds none (no assertion
/// looks past a match's end), so the leftmost match the window finds from <c>f - Lead</c> is the whole scan's when it
/// starts at or before f. One found later may be cut by the window: it is dropped and the search resumes after f.
/// A text with factors so dense that the windows would read more than a quarter of it is left to one whole scan (at most 1.25 scans in all).
/// The patterns are known ones (<see cref="Of"/>, by their exact RE2 source): a user's rule with any other pattern
/// runs whole, as before.
/// </summary>
internal sealed class MatchNeighbourhood
{
    /// <summary>vibedom's <c>generic-secret-assignment</c>: its keyword <c>token</c> is in every model request (<c>max_tokens</c>).</summary>
    internal const string GenericSecretAssignment =
        """(?i)\b[\w.-]{0,30}(?:secret|token|passwd|password|api[_.-]?key|access[_.-]?key|private[_.-]?key|client[_.-]?secret|auth[_.-]?key)[\w.-]{0,20}\\?["']?\s*(?:=|:|:=|=>)\s*\\?["'\x60]?([\w.~+/=-]{16,200})""";

    private static readonly Dictionary<string, MatchNeighbourhood> Known = new(StringComparer.Ordinal)
    {
        // every alternative of the name group holds a factor: "secret" at most 7 chars into it (client_secret), the
        // others at its start; before the group at most 30 chars of [\w.-]. After a factor's start: at most 11 chars of
        // the group, 20 of [\w.-], a backslash, a quote, 2 of the operator, a backslash, a quote and 200 of the value,
        // 237 in all; only the two \s* runs take white space.
        [GenericSecretAssignment] = new(
            ["secret", "token", "passwd", "password", "apikey", "api_key", "api.key", "api-key", "accesskey", "access_key", "access.key", "access-key",
             "privatekey", "private_key", "private.key", "private-key", "authkey", "auth_key", "auth.key", "auth-key"],
            lead: 40,
            reach: 256),
    };

    private readonly SearchValues<string> _factors;
    private AnchoredForm? _anchored;

    private MatchNeighbourhood(string[] factors, int lead, int reach)
    {
        Factors = factors;
        Lead = lead;
        Reach = reach;
        _factors = SearchValues.Create(factors, StringComparison.OrdinalIgnoreCase);
    }

    public IReadOnlyList<string> Factors { get; }

    public int Lead { get; }

    public int Reach { get; }

    /// <summary>The neighbourhood of a known pattern; null for any other (it runs over the whole text).</summary>
    public static MatchNeighbourhood? Of(Re2Regex regex) => Known.GetValueOrDefault(regex.Source);

    /// <summary>
    /// Every match of <paramref name="regex"/> (a known pattern's translation, on ASCII <paramref name="input"/>) as a
    /// whole scan finds them; null when the windows would read more than a quarter of the text (factors so dense that one
    /// scan of the whole text is cheaper: the caller runs it).
    /// </summary>
    public List<(int Index, int Length)>? Matches(Regex regex, string input)
    {
        var found = new List<(int Index, int Length)>();
        var budget = (input.Length / 4L) + 4096;
        var pos = 0;
        while (pos < input.Length)
        {
            var next = input.AsSpan(pos).IndexOfAny(_factors);
            if (next < 0)
            {
                break;
            }

            var f = pos + next;
            var end = ReachEnd(input, Math.Min(input.Length, f + Lead));
            var from = Math.Max(pos, f - Lead);
            budget -= end - from;
            if (budget < 0)
            {
                return null;
            }

            if (First(regex, input, ref from, f, end) is { } m)
            {
                found.Add(m);
                pos = m.Index + m.Length;
            }
            else
            {
                pos = f + 1;
            }
        }

        return found;
    }

    /// <summary>
    /// The leftmost match starting in [<paramref name="from"/>, <paramref name="f"/>], from a window of the text that
    /// starts at <paramref name="from"/> and ends at <paramref name="end"/>. Windows are slices, never a start offset
    /// into the text: .NET's non-backtracking engine, once warm, missed matches searched from an offset (found from 0).
    /// A slice sees no char before its start, so its leading <c>\b</c> is the text's only where the char before is not
    /// a word char: inside a run of word chars no match starts (no boundary), so the window starts after it; a match
    /// starting right after a word char (with '.' or '-') is tried alone, with the pattern anchored.
    /// </summary>
    private (int Index, int Length)? First(Regex regex, string input, ref int from, int f, int end)
    {
        while (from > 0 && from <= f && IsWord(input[from - 1]))
        {
            if (!IsWord(input[from]))
            {
                var at = Anchored(regex).EnumerateMatches(input.AsSpan(from, end - from));
                if (at.MoveNext() && at.Current.Length > 0)
                {
                    return (from, at.Current.Length);
                }
            }

            from++;
        }

        if (from > f)
        {
            return null;
        }

        var window = regex.EnumerateMatches(input.AsSpan(from, end - from));
        return window.MoveNext() && window.Current.Index + from <= f && window.Current.Length > 0 ? (window.Current.Index + from, window.Current.Length) : null;
    }

    /// <summary>A word char of .NET's <c>\b</c> on ASCII text.</summary>
    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The pattern with its leading <c>\b</c> (true where it is used) replaced by <c>^</c>: a match at the slice's start only.</summary>
    private Regex Anchored(Regex regex)
    {
        var key = regex.ToString();
        if (_anchored is { } a && string.Equals(a.Key, key, StringComparison.Ordinal))
        {
            return a.Regex;
        }

        const string Boundary = "(?i)\\b";
        if (!key.StartsWith(Boundary, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("a known pattern's translation starts with (?i)\\b");
        }

        var anchored = new AnchoredForm(key, new Regex("(?i)^" + key[Boundary.Length..], regex.Options));
        _anchored = anchored; // one reference written: threads that race build it twice, never see half of it
        return anchored.Regex;
    }

    private sealed record AnchoredForm(string Key, Regex Regex);

    /// <summary>The end of the shortest stretch from <paramref name="from"/> holding <see cref="Reach"/> chars other than white space (or the text's end).</summary>
    private int ReachEnd(string input, int from)
    {
        var left = Reach;
        var i = from;
        for (; i < input.Length && left > 0; i++)
        {
            if (!char.IsWhiteSpace(input[i]))
            {
                left--;
            }
        }

        return i;
    }
}
