namespace Vibedom.Scanning.Detection;

/// <summary>
/// One Aho-Corasick pass over the text, case-insensitive (keywords are lower case, text is lowered per
/// char as it is read): reports which keywords occur anywhere. ASCII transitions are a dense table.
/// </summary>
internal sealed class KeywordMatcher
{
    private const int Ascii = 128;
    private readonly int[] _ascii;             // state * 128 + c -> next state (full DFA on ASCII)
    private readonly List<Dictionary<char, int>> _goto;
    private readonly int[] _fail;
    private readonly int[][] _outputs;          // keyword indexes ending at each state (through fail links)
    private readonly bool _hasNonAscii;

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        Keywords = keywords;
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
        _ascii = new int[_goto.Count * Ascii];
        for (var c = 0; c < Ascii; c++)
        {
            _ascii[c] = _goto[0].TryGetValue((char)c, out var t) ? t : 0;
        }

        foreach (var s in order)
        {
            for (var c = 0; c < Ascii; c++)
            {
                _ascii[(s * Ascii) + c] = _goto[s].TryGetValue((char)c, out var t) ? t : _ascii[(_fail[s] * Ascii) + c];
            }
        }
    }

    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Marks in <paramref name="found"/> every keyword that occurs in <paramref name="text"/>.</summary>
    public void FindAll(ReadOnlySpan<char> text, bool[] found)
    {
        var state = 0;
        var ascii = _ascii;
        var outputs = _outputs;
        foreach (var raw in text)
        {
            if (raw < Ascii)
            {
                var c = raw is >= 'A' and <= 'Z' ? (char)(raw | 0x20) : raw;
                state = ascii[(state * Ascii) + c];
            }
            else
            {
                state = _hasNonAscii ? Step(state, char.ToLowerInvariant(raw)) : 0;
            }

            var hits = outputs[state];
            for (var i = 0; i < hits.Length; i++)
            {
                found[hits[i]] = true;
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
