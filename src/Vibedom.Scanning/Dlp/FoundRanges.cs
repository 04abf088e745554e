namespace Vibedom.Scanning.Dlp;

/// <summary>
/// The ranges each rule found in the original text, for the question "did this rule already find a range holding
/// [start, end)?" in O(log n): per rule, the ranges sorted by start with the running maximum of their ends.
/// A body can hold a hundred thousand matches in the original and as many in a decoded pass (<c>a+b@x.co</c>
/// repeated): comparing each with each would be quadratic.
/// </summary>
internal sealed class FoundRanges
{
    private readonly Dictionary<string, (int[] Starts, int[] MaxEnds)> _byRule = new(StringComparer.Ordinal);

    public FoundRanges(IReadOnlyList<DlpMatch> found, int count)
    {
        foreach (var group in found.Take(count).GroupBy(m => m.RuleId, StringComparer.Ordinal))
        {
            var sorted = group.OrderBy(m => m.Start).ToArray();
            var starts = new int[sorted.Length];
            var maxEnds = new int[sorted.Length];
            var max = int.MinValue;
            for (var i = 0; i < sorted.Length; i++)
            {
                starts[i] = sorted[i].Start;
                max = Math.Max(max, sorted[i].End);
                maxEnds[i] = max;
            }

            _byRule[group.Key] = (starts, maxEnds);
        }
    }

    /// <summary>
    /// True when <paramref name="ruleId"/> found a range in the original that holds all of [start, end). A range that
    /// only overlaps it does not count: an original match of a part of an encoded value (<c>u002edoe@x.org</c> in
    /// <c>jane\u002edoe@x.org</c>) must not drop the decoded pass's match of the whole, or the rest is sent.
    /// </summary>
    public bool Covers(string ruleId, int start, int end)
    {
        if (!_byRule.TryGetValue(ruleId, out var ranges))
        {
            return false;
        }

        // the last range starting at or before start: some range up to it ends at or after end exactly when the running maximum does
        var at = Array.BinarySearch(ranges.Starts, start);
        if (at < 0)
        {
            at = ~at - 1;
        }
        else
        {
            while (at + 1 < ranges.Starts.Length && ranges.Starts[at + 1] == start)
            {
                at++;
            }
        }

        return at >= 0 && ranges.MaxEnds[at] >= end;
    }
}
