using System.Text;

namespace Vibedom.Scanning.Rules;

public sealed partial class Re2Regex
{
    /// <summary>
    /// Every match in <paramref name="text"/> as (index, length), in order and without overlap, as
    /// <c>Regex.EnumerateMatches</c> of <see cref="Select"/>'s regex finds them. A pattern with a lazy
    /// <c>[\w.-]{0,N}?</c> head runs its core and walks back (<see cref="LazyPrefixSplit"/>): same matches, a
    /// smaller automaton. <paramref name="projected"/> is as for <see cref="Select"/>.
    /// </summary>
    internal List<(int Index, int Length)> Matches(string text, string? projected)
    {
        var chosen = Choose(text, projected, out var input);
        if (_core is not null && chosen == _fast && _core.Match(core => CoreMatches(core, input)) is { } viaCore)
        {
            return viaCore;
        }

        return chosen.Match(regex =>
        {
            var found = new List<(int Index, int Length)>();
            foreach (var m in regex.EnumerateMatches(input))
            {
                found.Add((m.Index, m.Length));
            }

            return found;
        });
    }

    /// <summary>The whole pattern's matches from the core's; null when the core matched empty (not covered).</summary>
    private List<(int Index, int Length)>? CoreMatches(System.Text.RegularExpressions.Regex core, string input)
    {
        var found = new List<(int Index, int Length)>();
        var from = 0;
        foreach (var m in core.EnumerateMatches(input))
        {
            if (m.Length == 0)
            {
                return null;
            }

            var start = HeadStart(input, from, m.Index);
            from = m.Index + m.Length;
            found.Add((start, from - start));
        }

        return found;
    }

    /// <summary>Where the lazy head's match begins for a core match at <paramref name="core"/>, searched from <paramref name="from"/>.</summary>
    private int HeadStart(string input, int from, int core)
    {
        var floor = Math.Max(from, core - _headBound);
        var start = core;
        while (start > floor && LazyPrefixSplit.IsWordDotDash(input[start - 1]))
        {
            start--;
        }

        return start;
    }

    /// <summary>The regex <see cref="Select"/> returns, not yet built.</summary>
    private RegexSlot Choose(string text, string? projected, out string input)
    {
        input = text;
        var fast = _short is not null && text.Length <= ShortText ? _short : _fast;
        if (!NeedsAsciiBoundaries || Ascii.IsValid(text))
        {
            return fast;
        }

        if (_projectable)
        {
            input = projected ?? Project(text);
            return fast;
        }

        return _exact!;
    }
}
