using System.Buffers;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// One Aho-Corasick pass over the text, case-insensitive (keywords are lower case, text is lowered per
/// char as it is read): reports which keywords occur anywhere. ASCII transitions are a dense table over the
/// classes of ASCII chars the keywords use (every other char is class 0), lower-casing included: a few dozen
/// columns instead of 128, so the table a process builds at start-up is a fraction of the size.
/// </summary>
internal sealed partial class KeywordMatcher
{
    private const int Ascii = 128;
    private readonly byte[] _classOf = new byte[Ascii]; // ASCII char (either case) -> its column; 0: in no keyword
    private readonly int _columns;
    private readonly int[] _ascii;             // row (state * _columns) + class -> next row, negative where keywords end (full DFA on ASCII)
    private readonly List<Dictionary<char, int>> _goto;
    private readonly int[] _fail;
    private readonly int[][] _outputs;          // keyword indexes ending at each state (through fail links)
    private readonly bool _hasNonAscii;

    /// <summary>
    /// At most this many ASCII keywords are looked for as one vectorised search in ASCII text: the workspace's exact
    /// values with their encoded needles (about 8 keywords a value) stay off the per-char walk for up to ~7 values.
    /// </summary>
    private const int FewKeywords = 64;

    /// <summary>The keywords as one vectorised search, when they are few and ASCII; else null.</summary>
    private readonly SearchValues<string>? _few;

    /// <summary>The keywords read a window every 8 chars, when they are all long and ASCII (<see cref="LongKeywordGate"/>); else null.</summary>
    private readonly LongKeywordGate? _long;

    /// <summary>The keywords' first chars as a vectorised filter (<see cref="KeywordPrefilter"/>), when it applies; else null.</summary>
    private readonly KeywordPrefilter? _prefilter;

    /// <summary>Texts at least this long go through <see cref="_prefilter"/>: below it the automaton's start costs less than the filter's.</summary>
    private const int PrefilterFrom = 64;

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        Keywords = keywords;
        AllAscii = keywords.All(k => k.Length > 0 && System.Text.Ascii.IsValid(k));
        MaxLength = keywords.Count == 0 ? 0 : keywords.Max(k => k.Length);
        _each = new SearchValues<string>?[keywords.Count];
        if (keywords.Count is > 0 and <= FewKeywords && keywords.All(k => k.Length > 0 && System.Text.Ascii.IsValid(k)))
        {
            _few = SearchValues.Create([.. keywords], StringComparison.OrdinalIgnoreCase);
        }
        _long = LongKeywordGate.TryCreate(keywords);
        _prefilter = _long is null && _few is null ? KeywordPrefilter.TryCreate(keywords) : null;
        _goto = [new Dictionary<char, int>()];
        var outs = new List<List<int>> { new() };
        for (var k = 0; k < keywords.Count; k++)
        {
            var state = 0;
            foreach (var c in keywords[k])
            {
                _hasNonAscii |= c >= Ascii;
                if (!_goto[state].TryGetValue(c, out var next))
                {
                    next = _goto.Count;
                    _goto.Add(new Dictionary<char, int>());
                    outs.Add([]);
                    _goto[state][c] = next;
                }

                state = next;
            }

            outs[state].Add(k);
        }

        _fail = new int[_goto.Count];
        var order = new List<int>();
        var queue = new Queue<int>();
        foreach (var child in _goto[0].Values)
        {
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            order.Add(s);
            foreach (var (c, t) in _goto[s])
            {
                var f = _fail[s];
                while (f != 0 && !_goto[f].ContainsKey(c))
                {
                    f = _fail[f];
                }

                _fail[t] = _goto[f].TryGetValue(c, out var ft) && ft != t ? ft : 0;
                outs[t].AddRange(outs[_fail[t]]);
                queue.Enqueue(t);
            }
        }

        _outputs = outs.Select(o => o.Distinct().ToArray()).ToArray();
        var column = AssignColumns(out _columns);
        // each state's row is its fail state's row (already filled: breadth-first order) with its own transitions on top
        _ascii = new int[_goto.Count * _columns];
        SetTransitions(0, column);
        foreach (var s in order)
        {
            Array.Copy(_ascii, _fail[s] * _columns, _ascii, s * _columns, _columns);
            SetTransitions(s, column);
        }

        for (var i = 0; i < _ascii.Length; i++)
        {
            _ascii[i] = Row(_ascii[i]); // built on states; read as rows
        }
    }

    /// <summary>A state as its row in <see cref="_ascii"/>, with the sign bit set when keywords end there.</summary>
    private int Row(int state) => (state * _columns) | (_outputs[state].Length > 0 ? int.MinValue : 0);

    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Every keyword is ASCII and not empty (<see cref="KeywordCarry"/> can look them up one by one).</summary>
    public bool AllAscii { get; }

    /// <summary>The longest keyword's length.</summary>
    public int MaxLength { get; }

    /// <summary>Each ASCII keyword alone as a vectorised search, made the first time it is looked up (<see cref="Occurs"/>).</summary>
    private readonly SearchValues<string>?[] _each;

    /// <summary>
    /// Keyword <paramref name="k"/> (ASCII) occurs in <paramref name="text"/>, ASCII letters in either case, as the
    /// automaton matches (a char outside ASCII matches nothing). The vectorised ordinal ignore-case search finds each
    /// such occurrence and may find more (its case folding is Unicode's: the long s, the Kelvin sign), so each hit is
    /// checked. (<c>string.IndexOf</c> with that comparison is a char-by-char loop under invariant globalization.)
    /// </summary>
    public bool Occurs(ReadOnlySpan<char> text, int k)
    {
        var keyword = Keywords[k];
        var search = _each[k] ??= SearchValues.Create([keyword], StringComparison.OrdinalIgnoreCase); // a race builds it twice, harmlessly
        while (text.Length >= keyword.Length)
        {
            var hit = text.IndexOfAny(search);
            if (hit < 0)
            {
                return false;
            }

            if (System.Text.Ascii.EqualsIgnoreCase(text.Slice(hit, keyword.Length), keyword))
            {
                return true;
            }

            text = text[(hit + 1)..];
        }

        return false;
    }

    /// <summary>Which keywords occur in <paramref name="text"/> (indexed as <see cref="Keywords"/>).</summary>
    public bool[] FindAll(ReadOnlySpan<char> text)
    {
        var found = new bool[Keywords.Count];
        FindAll(text, found);
        return found;
    }

    /// <summary>Marks in <paramref name="found"/> every keyword that occurs in <paramref name="text"/>.</summary>
    public void FindAll(ReadOnlySpan<char> text, bool[] found)
    {
        if (_long is { } gate)
        {
            gate.FindAll(text, found);
            return;
        }

        if (_few is { } few && System.Text.Ascii.IsValid(text))
        {
            // ASCII text, ASCII keywords: ignoring case is the automaton's ASCII lowering; each hit names its keywords
            for (var at = text.IndexOfAny(few); at >= 0; at = NextHit(text, at + 1, few))
            {
                for (var k = 0; k < Keywords.Count; k++)
                {
                    found[k] |= text[at..].StartsWith(Keywords[k], StringComparison.OrdinalIgnoreCase);
                }
            }

            return;
        }

        if (_prefilter is { } prefilter && text.Length >= PrefilterFrom)
        {
            var rest = prefilter.FindAll(text, found);
            if (rest < text.Length)
            {
                FindAllByAutomaton(text[rest..], found); // every keyword starting before rest was checked
            }

            return;
        }

        FindAllByAutomaton(text, found);
    }

    /// <summary>The automaton over every char of <paramref name="text"/>: what the gates and the prefilter must equal.</summary>
    internal void FindAllByAutomaton(ReadOnlySpan<char> text, bool[] found)
    {
        if (text.Length >= TwoStreams)
        {
            FindAllInTwo(text, found);
            return;
        }

        Run(text, 0, found);
    }

    /// <summary>
    /// The automaton over <paramref name="text"/> from <paramref name="row"/>; returns the row it ends in. One table read
    /// per ASCII char; the outputs are read only in the states where keywords end (the sign bit).
    /// </summary>
    private int Run(ReadOnlySpan<char> text, int row, bool[] found)
    {
        var rows = _ascii;
        var classOf = _classOf;
        foreach (var raw in text)
        {
            var next = raw < Ascii ? rows[row + classOf[raw]] : NonAscii(row, raw);
            row = next & int.MaxValue;
            if (next < 0)
            {
                Mark(row, found);
            }
        }

        return row;
    }

    /// <summary>The next row (sign bit: keywords end there) from <paramref name="row"/> on a char outside ASCII.</summary>
    private int NonAscii(int row, char raw) => Row(_hasNonAscii ? Step(row / _columns, char.ToLowerInvariant(raw)) : 0);

    private void Mark(int row, bool[] found)
    {
        var hits = _outputs[row / _columns];
        for (var i = 0; i < hits.Length; i++)
        {
            found[hits[i]] = true;
        }
    }

    private static int NextHit(ReadOnlySpan<char> text, int from, SearchValues<string> few)
    {
        var next = text[from..].IndexOfAny(few);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>
    /// One column per ASCII char a transition uses (returned, per char); the text's chars are read through
    /// <see cref="_classOf"/>, where an upper-case letter reads as its lower case, as before.
    /// </summary>
    private byte[] AssignColumns(out int columns)
    {
        var column = new byte[Ascii];
        columns = 1;
        foreach (var transitions in _goto)
        {
            foreach (var c in transitions.Keys)
            {
                if (c < Ascii && column[c] == 0)
                {
                    column[c] = (byte)columns++; // at most 128 distinct ASCII chars, plus column 0
                }
            }
        }

        for (var raw = 0; raw < Ascii; raw++)
        {
            _classOf[raw] = column[raw is >= 'A' and <= 'Z' ? raw | 0x20 : raw];
        }

        return column;
    }

    private void SetTransitions(int state, byte[] column)
    {
        foreach (var (c, next) in _goto[state])
        {
            if (c < Ascii)
            {
                _ascii[(state * _columns) + column[c]] = next;
            }
        }
    }

    private int Step(int state, char c)
    {
        while (true)
        {
            if (_goto[state].TryGetValue(c, out var next))
            {
                return next;
            }

            if (state == 0)
            {
                return 0;
            }

            state = _fail[state];
        }
    }
}
