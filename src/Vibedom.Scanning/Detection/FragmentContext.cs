namespace Vibedom.Scanning.Detection;

/// <summary>A fragment plus its newline positions (computed once, on the first match).</summary>
internal sealed class FragmentContext(Fragment fragment)
{
    private int[]? _newlines;

    public Fragment Fragment { get; } = fragment;

    public string Raw => Fragment.Raw;

    private int[] Newlines => _newlines ??= FindNewlines(Fragment.Raw);

    /// <summary>gitleaks' location(): lines, columns (1-based, corrected) and the bounds of the match's line(s).</summary>
    public (int StartLine, int StartColumn, int EndLine, int EndColumn, int LineStart, int LineEnd) Locate(int start, int end)
    {
        var nl = Newlines;
        var raw = Fragment.Raw;
        var startIdx = CountAtOrBefore(nl, start);          // a match starting on '\n' belongs to the next line
        var endIdx = end > 0 ? CountAtOrBefore(nl, end - 1) : 0;
        var lineStart = startIdx == 0 ? 0 : nl[startIdx - 1];   // gitleaks keeps the leading '\n' in Line
        int lineEnd;
        if (nl.Length == 0)
        {
            lineEnd = raw.Length;
        }
        else if (endIdx < nl.Length && startIdx < nl.Length)
        {
            lineEnd = nl[endIdx];
        }
        else
        {
            lineEnd = end;
            while (lineEnd < raw.Length && raw[lineEnd] != '\n' && raw[lineEnd] != '\r')
            {
                lineEnd++;
            }
        }

        lineEnd = Math.Max(lineEnd, end);
        var startColumn = start - (startIdx == 0 ? 0 : nl[startIdx - 1] + 1) + 1;
        var endColumn = end - (endIdx == 0 ? 0 : nl[endIdx - 1] + 1);
        return (Fragment.StartLine + startIdx, startColumn, Fragment.StartLine + endIdx, endColumn, lineStart, Math.Min(lineEnd, raw.Length));
    }

    private static int CountAtOrBefore(int[] sorted, int value)
    {
        var i = Array.BinarySearch(sorted, value);
        return i >= 0 ? i + 1 : ~i;
    }

    private static int[] FindNewlines(string raw)
    {
        var list = new List<int>();
        var at = 0;
        while ((at = raw.IndexOf('\n', at)) >= 0)
        {
            list.Add(at);
            at++;
        }

        return [.. list];
    }
}
