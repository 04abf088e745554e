namespace Vibedom.Cli.Rendering;

/// <summary>
/// A line diff with a bounded cost (Myers' greedy O(ND) algorithm after trimming the common head and tail):
/// it gives up, returning null, past <see cref="MaxEdits"/> differing lines or <see cref="MaxWork"/> steps,
/// so a file rewritten as millions of short lines cannot stall the review.
/// </summary>
internal static class LineDiff
{
    public const int MaxEdits = 3000;
    public const long MaxWork = 30_000_000;

    /// <summary>Every line of both sides in order, each ' ' (kept), '-' (removed) or '+' (added); null when over budget.</summary>
    public static List<(char Op, string Text)>? Diff(IReadOnlyList<string> a, IReadOnlyList<string> b) => Diff(a, b, out _);

    /// <summary>As <see cref="Diff(IReadOnlyList{string}, IReadOnlyList{string})"/>; <paramref name="work"/>: the steps it took (lines hashed, then edit-graph steps).</summary>
    public static List<(char Op, string Text)>? Diff(IReadOnlyList<string> a, IReadOnlyList<string> b, out long work)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var x = a.Select(l => Id(ids, l)).ToArray();
        var y = b.Select(l => Id(ids, l)).ToArray();
        var head = 0;
        while (head < x.Length && head < y.Length && x[head] == y[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < x.Length - head && tail < y.Length - head && x[x.Length - 1 - tail] == y[y.Length - 1 - tail])
        {
            tail++;
        }

        var middle = Middle(x.AsSpan(head, x.Length - head - tail), y.AsSpan(head, y.Length - head - tail), out work);
        work += a.Count + b.Count;
        if (middle is null)
        {
            return null;
        }

        var lines = new List<(char, string)>(a.Count + b.Count);
        lines.AddRange(a.Take(head).Select(l => (' ', l)));
        int i = head, j = head;
        foreach (var op in middle)
        {
            if (op == '+')
            {
                lines.Add(('+', b[j++]));
                continue;
            }

            lines.Add((op, a[i++]));
            j += op == ' ' ? 1 : 0;
        }

        lines.AddRange(a.Skip(a.Count - tail).Select(l => (' ', l)));
        return lines;
    }

    private static int Id(Dictionary<string, int> ids, string line)
    {
        if (!ids.TryGetValue(line, out var id))
        {
            id = ids.Count;
            ids[line] = id;
        }

        return id;
    }

    /// <summary>The edit script of two trimmed sides, or null when it would cost more than the budget.</summary>
    private static List<char>? Middle(ReadOnlySpan<int> a, ReadOnlySpan<int> b, out long work)
    {
        int n = a.Length, m = b.Length;
        work = 0;
        if (n == 0 || m == 0)
        {
            return [.. Enumerable.Repeat('-', n), .. Enumerable.Repeat('+', m)];
        }

        var max = Math.Min(n + m, MaxEdits);
        var offset = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add(v.AsSpan(offset - d, (2 * d) + 1).ToArray());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                work += 1 + x - v[offset + k];
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(trace, n, m);
                }
            }

            if (work > MaxWork)
            {
                return null;
            }
        }

        return null;
    }

    private static List<char> Backtrack(List<int[]> trace, int n, int m)
    {
        var ops = new List<char>(n + m);
        int x = n, y = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            int At(int kk) => v[kk + d];
            var down = k == -d || (k != d && At(k - 1) < At(k + 1));
            var prevK = down ? k + 1 : k - 1;
            var prevX = d == 0 ? 0 : At(prevK);
            var prevY = d == 0 ? 0 : prevX - prevK;
            while (x > prevX && y > prevY)
            {
                ops.Add(' ');
                x--;
                y--;
            }

            if (d > 0)
            {
                ops.Add(down ? '+' : '-');
                x = prevX;
                y = prevY;
            }
        }

        ops.Reverse();
        return ops;
    }
}
