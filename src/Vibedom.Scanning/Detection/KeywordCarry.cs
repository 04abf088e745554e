namespace Vibedom.Scanning.Detection;

/// <summary>
/// The keyword pass of a decoded text from the pass over the text it was decoded from, instead of one more read of
/// the whole text. A decoded text is the text before with its segments replaced: a keyword occurs in it either inside
/// the unchanged text (then it occurred before: it is looked up again, a vectorised search that stops at its first
/// occurrence) or across a decoded segment (then it lies within the segment widened by the longest keyword less one
/// char: the automaton reads those windows only). Same result as <see cref="KeywordMatcher.FindAll(ReadOnlySpan{char})"/>
/// over the whole text; a full pass where it would not be cheaper (windows over half the text, many keywords to look
/// up again, keywords that are not ASCII). One per fragment scan; remembers each matcher's last pass.
/// </summary>
internal sealed class KeywordCarry
{
    /// <summary>More keywords found before than this: the whole text is read again instead.</summary>
    private const int MaxLookedUp = 16;

    private readonly Dictionary<KeywordMatcher, (int Depth, bool[] Found)> _last = new(ReferenceEqualityComparer.Instance);

    /// <summary>Which keywords occur in <paramref name="text"/>, the text of decoding <paramref name="depth"/> (its segments given).</summary>
    public bool[] Find(KeywordMatcher matcher, string text, IReadOnlyList<EncodedSegment> segments, int depth)
    {
        if (depth == 0 || !_last.TryGetValue(matcher, out var last) || last.Depth != depth - 1
            || Carry(matcher, text, segments, last.Found) is not { } found)
        {
            found = matcher.FindAll(text);
        }

        _last[matcher] = (depth, found);
        return found;
    }

    internal static bool[]? Carry(KeywordMatcher matcher, string text, IReadOnlyList<EncodedSegment> segments, bool[] before)
    {
        if (!matcher.AllAscii || before.Count(f => f) > MaxLookedUp)
        {
            return null;
        }

        var reach = matcher.MaxLength - 1;
        var windows = new List<(int Start, int End)>();
        var covered = 0;
        foreach (var segment in segments)
        {
            int start = Math.Max(0, segment.Decoded.Start - reach), end = Math.Min(text.Length, segment.Decoded.End + reach);
            if (windows.Count > 0 && start <= windows[^1].End)
            {
                covered += Math.Max(0, end - windows[^1].End);
                windows[^1] = (windows[^1].Start, Math.Max(end, windows[^1].End));
            }
            else
            {
                covered += end - start;
                windows.Add((start, end));
            }
        }

        if (covered > text.Length / 2)
        {
            return null;
        }

        var found = new bool[before.Length];
        foreach (var (start, end) in windows)
        {
            matcher.FindAll(text.AsSpan(start, end - start), found);
        }

        for (var k = 0; k < found.Length; k++)
        {
            found[k] |= before[k] && matcher.Occurs(text, k);
        }

        return found;
    }
}
