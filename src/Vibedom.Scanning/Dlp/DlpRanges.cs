namespace Vibedom.Scanning.Dlp;

/// <summary>What a scan replaces: the matches whose class is <see cref="DlpAction.Replace"/>, overlaps merged.</summary>
internal static class DlpRanges
{
    /// <summary>Ascending, disjoint ranges; a merged range takes the rule of its first (then longest) match.</summary>
    public static List<(int Start, int End, string RuleId)> Replaced(IEnumerable<DlpMatch> matches, DlpPolicy policy)
    {
        var ranges = new List<(int Start, int End, string RuleId)>();
        foreach (var m in matches.Where(m => policy.For(m.Class) == DlpAction.Replace && m.End > m.Start)
                     .OrderBy(m => m.Start).ThenByDescending(m => m.End))
        {
            if (ranges.Count > 0 && m.Start < ranges[^1].End)
            {
                var last = ranges[^1];
                ranges[^1] = last with { End = Math.Max(last.End, m.End) };
                continue;
            }

            ranges.Add((m.Start, m.End, m.RuleId));
        }

        return ranges;
    }
}
