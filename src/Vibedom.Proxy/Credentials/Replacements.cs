namespace Vibedom.Proxy.Credentials;

/// <summary>
/// Byte strings to replace, each by one of the same length (so a replaced body keeps its length), found leftmost
/// first. <see cref="HoldFrom"/> says how much of a stream's tail may still grow into a match: only a tail that is a
/// proper prefix of a pattern is held back (at most the longest pattern's length minus one), so a stream that
/// does not spell one flows on at once (SSE events are not delayed).
/// </summary>
internal sealed class Replacements
{
    private readonly (byte[] From, byte[] To)[] _pairs;

    public Replacements(IEnumerable<(byte[] From, byte[] To)> pairs)
    {
        _pairs = [.. pairs.Where(p => p.From.Length > 0 && !p.From.AsSpan().SequenceEqual(p.To))];
        if (_pairs.Any(p => p.From.Length != p.To.Length))
        {
            throw new ArgumentException("each replacement must have the length of what it replaces", nameof(pairs));
        }

        MaxLength = _pairs.Length == 0 ? 0 : _pairs.Max(p => p.From.Length);
    }

    public bool IsEmpty => _pairs.Length == 0;

    public int MaxLength { get; }

    /// <summary>
    /// Replaces, in place, every match that starts at or after <paramref name="from"/> and ends within
    /// <paramref name="data"/>; returns how many, and the index after the last one (or <paramref name="from"/>).
    /// </summary>
    public (int Count, int End) ReplaceAll(Span<byte> data, int from) => Replace(data, from, across: -1);

    /// <summary>
    /// Replaces, in place, only the matches that start before <paramref name="boundary"/> and end after it (a value
    /// split across two pieces of a stream); the others are passed over. Returns how many, and the index after the
    /// last match found, replaced or not (0 when none).
    /// </summary>
    public (int Count, int End) ReplaceAcross(Span<byte> data, int boundary) => Replace(data, 0, boundary);

    private (int Count, int End) Replace(Span<byte> data, int from, int across)
    {
        var count = 0;
        var position = from;
        while (position < data.Length)
        {
            var best = -1;
            var which = -1;
            var window = data[position..];
            for (var i = 0; i < _pairs.Length; i++)
            {
                var at = window.IndexOf(_pairs[i].From);
                if (at >= 0 && (best < 0 || at < best))
                {
                    (best, which) = (at, i);
                }
            }

            if (best < 0)
            {
                break;
            }

            var (source, target) = _pairs[which];
            var start = position + best;
            if (across < 0 || (start < across && start + source.Length > across))
            {
                target.CopyTo(data[start..]);
                count++;
            }

            position = start + source.Length;
        }

        return (count, position);
    }

    /// <summary>
    /// The first index at or after <paramref name="from"/> from which the rest of <paramref name="data"/> is a proper
    /// prefix of a pattern (it may become a match once more bytes arrive); <c>data.Length</c> when none is.
    /// </summary>
    public int HoldFrom(ReadOnlySpan<byte> data, int from)
    {
        for (var start = Math.Max(from, data.Length - MaxLength + 1); start < data.Length; start++)
        {
            var tail = data[start..];
            foreach (var (source, _) in _pairs)
            {
                if (source.Length > tail.Length && source.AsSpan().StartsWith(tail))
                {
                    return start;
                }
            }
        }

        return data.Length;
    }

    /// <summary>
    /// Replaces, in place, <paramref name="tail"/> when it is a proper prefix of a pattern that differs from that
    /// pattern's replacement (a stream's last bytes that may be the start of a value): by the replacement's prefix.
    /// </summary>
    public bool ReplacePrefix(Span<byte> tail)
    {
        foreach (var (source, target) in _pairs)
        {
            if (source.Length > tail.Length && source.AsSpan().StartsWith(tail) && !target.AsSpan().StartsWith(tail))
            {
                target.AsSpan(0, tail.Length).CopyTo(tail);
                return true;
            }
        }

        return false;
    }
}
