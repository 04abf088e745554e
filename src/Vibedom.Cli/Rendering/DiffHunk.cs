namespace Vibedom.Cli.Rendering;

/// <summary>A unified-diff hunk: where it starts in each version (1-based) and its lines.</summary>
internal sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<DiffLine> Lines)
{
    public string Header => $"@@ -{Range(OldStart, OldCount)} +{Range(NewStart, NewCount)} @@";

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{(count == 0 ? Math.Max(0, start - 1) : start)},{count}";
}
