namespace Vibedom.Scanning.Dlp;

/// <summary>
/// Bodies an engine scanned whole, with what it found in them, kept so that the next body scans only what differs
/// from the closest of them: an agent re-sends its whole conversation with every turn (the turns so far, then its
/// system prompt and tool definitions, unchanged) and retries a refused request as it was. A body that shares a start
/// and an end with a known one is scanned from the end of the shared start less a margin to the start of the shared
/// end plus a margin (<see cref="Window"/>); the margins are as wide as the longest match anything that could match
/// there can make (<see cref="ChangeMargins"/>: a few hundred bytes for a chat turn, up to a stream's hold-back,
/// <see cref="DlpLimits.Tail"/>, when a rule with an open repeat has its keyword near the change), so every match that
/// overlaps the change lies in the window whole. What the known body held outside the window (a value the conversation
/// still carries) is found there again without a scan; a value crossing an edge of the window widens it to take that
/// value whole. A body equal to a known one holds what it held. The engine is built once per session with fixed rules
/// and exact values, so the same bytes in the same reach give the same findings.
/// Bounded: at most <see cref="DlpLimits.KnownBodies"/> bodies of <see cref="MinLength"/> to
/// <see cref="BodyScrubber.WholeLimit"/> bytes, <see cref="MaxBytes"/> in all, each with at most <see cref="MaxMatches"/>
/// findings; the oldest dropped first. Held in the proxy's memory only (what the agent sent, its values included, as
/// the proxy holds any body while it scrubs it); never written. Thread-safe.
/// </summary>
internal sealed class KnownBodies
{
    /// <summary>The most bytes the kept bodies hold together.</summary>
    public const long MaxBytes = 8L << 20;

    /// <summary>A body with more findings is not kept.</summary>
    public const int MaxMatches = 1024;

    /// <summary>How many known bodies, those sharing the longest start, have their shared end measured.</summary>
    private const int Compared = 3;

    /// <summary>How far an edge moves to fall between tokens.</summary>
    private const int Snap = 1024;

    private readonly int _capacity;
    private readonly ChangeMargins _margins;
    private readonly object _gate = new();
    private Known[] _bodies = []; // newest first; replaced whole, never changed in place

    public KnownBodies(DlpLimits limits, ChangeMargins margins)
    {
        _capacity = limits.KnownBodies;
        _margins = margins;
    }

    /// <summary>A shorter body is scanned whole: it costs little, and the margins would cover most of it.</summary>
    public const int MinLength = 8 << 10;

    /// <summary>
    /// The part of <paramref name="body"/> to scan (the whole body when no known body is close enough, an empty range
    /// when it equals one) and the findings of the closest known body that lie wholly outside it, at their places in
    /// <paramref name="body"/>, ordered by start.
    /// </summary>
    public (int Start, int End, List<DlpMatch> Outside) Window(ReadOnlySpan<byte> body)
    {
        if (_capacity == 0 || body.Length < MinLength)
        {
            return (0, body.Length, []);
        }

        // the shared starts first (a search that stops at the first difference: another conversation costs little),
        // then the shared ends of the few with the longest starts only (a long compare each: the tool definitions)
        var bodies = Volatile.Read(ref _bodies);
        var prefixes = new (int Prefix, int Index)[bodies.Length];
        for (var i = 0; i < bodies.Length; i++)
        {
            var prefix = body.CommonPrefixLength(bodies[i].Body);
            if (prefix == body.Length && prefix == bodies[i].Body.Length)
            {
                return (0, 0, [.. bodies[i].Matches]);
            }

            prefixes[i] = (prefix, i);
        }

        Array.Sort(prefixes, (a, b) => b.Prefix.CompareTo(a.Prefix));
        Known? closest = null;
        var (changeStart, changeEnd) = (0, body.Length);
        foreach (var (prefix, index) in prefixes.Take(Compared))
        {
            // closer than the closest so far only with a shared end longer than `need`: when the byte that deep differs
            // (or is not there), the long compare is skipped (another conversation: its tools are shared, its turns not)
            var known = bodies[index];
            var need = body.Length - prefix - (changeEnd - changeStart);
            if (closest is not null && (need >= Math.Min(body.Length, known.Body.Length) - prefix || body[^(need + 1)] != known.Body[^(need + 1)]))
            {
                continue;
            }

            var suffix = CommonSuffixLength(body[prefix..], known.Body.AsSpan(prefix));
            if (body.Length - suffix - prefix < changeEnd - changeStart)
            {
                (closest, changeStart, changeEnd) = (known, prefix, body.Length - suffix);
            }
        }

        var (start, end) = closest is null ? (0, body.Length) : _margins.Around(body, changeStart, changeEnd);
        if (closest is null || 4L * (end - start) > 3L * body.Length)
        {
            return (0, body.Length, []); // too little to skip to be worth a window's edges
        }

        // in the known body, the shared end sits `shift` bytes earlier
        var shift = closest.Body.Length - body.Length;
        (start, end) = (StartAt(body, start), EndAt(body, end));
        // a known value crossing an edge is taken whole into the window (again until none does: values may overlap)
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var m in closest.Matches)
            {
                if (m.Start < start && m.End > start)
                {
                    (start, moved) = (m.Start, true);
                }

                if (m.Start - shift < end && m.End - shift > end)
                {
                    (end, moved) = (m.End - shift, true);
                }
            }
        }

        var outside = new List<DlpMatch>();
        foreach (var m in closest.Matches)
        {
            if (m.End <= start)
            {
                outside.Add(m);
            }
            else if (m.Start - shift >= end)
            {
                outside.Add(m with { Start = m.Start - shift, End = m.End - shift });
            }
        }

        return (start, end, outside);
    }

    /// <summary>Keeps a body with everything the engine found in it (whole, or in the window plus what lay outside), ordered by start.</summary>
    public void Add(ReadOnlySpan<byte> body, List<DlpMatch> matches)
    {
        if (_capacity == 0 || body.Length < MinLength || body.Length > BodyScrubber.WholeLimit || matches.Count > MaxMatches)
        {
            return;
        }

        var known = new Known(body.ToArray(), [.. matches.OrderBy(m => m.Start)]);
        lock (_gate)
        {
            var kept = new List<Known>(_capacity) { known };
            long bytes = known.Body.Length;
            foreach (var old in _bodies)
            {
                if (kept.Count == _capacity || bytes + old.Body.Length > MaxBytes)
                {
                    break;
                }

                if (!old.Body.AsSpan().SequenceEqual(known.Body))
                {
                    kept.Add(old);
                    bytes += old.Body.Length;
                }
            }

            Volatile.Write(ref _bodies, [.. kept]);
        }
    }

    /// <summary>
    /// <paramref name="start"/> moved back to just after a byte no token contains, so the window does not open inside a
    /// token (a cut token can look like a shorter value); inside a longer run, to a 4-byte boundary of a base64 run (the
    /// decoder then decodes the run's own groups, as the streaming path's left context does).
    /// </summary>
    private static int StartAt(ReadOnlySpan<byte> body, int start)
    {
        var from = Math.Max(0, start - Snap);
        var end = body[from..start].LastIndexOfAny(BodyScrubber.TokenEnds);
        if (end >= 0 || from == 0)
        {
            return from + end + 1;
        }

        var runStart = body[..start].LastIndexOfAnyExcept(BodyScrubber.Base64Run) + 1;
        return start - ((start - runStart) % 4);
    }

    /// <summary><paramref name="end"/> moved on past the next byte no token contains (within <see cref="Snap"/>).</summary>
    private static int EndAt(ReadOnlySpan<byte> body, int end)
    {
        var next = body[end..Math.Min(body.Length, end + Snap)].IndexOfAny(BodyScrubber.TokenEnds);
        return next >= 0 ? end + next + 1 : Math.Min(body.Length, end + Snap);
    }

    /// <summary>How many bytes <paramref name="a"/> and <paramref name="b"/> end with in common.</summary>
    private static int CommonSuffixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var same = 0;
        foreach (var block in (ReadOnlySpan<int>)[4096, 256])
        {
            while (same + block <= n && a[^(same + block)..^same].SequenceEqual(b[^(same + block)..^same]))
            {
                same += block;
            }
        }

        while (same < n && a[^(same + 1)] == b[^(same + 1)])
        {
            same++;
        }

        return same;
    }

    private sealed record Known(byte[] Body, DlpMatch[] Matches);
}
