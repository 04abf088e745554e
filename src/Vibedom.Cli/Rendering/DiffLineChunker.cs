using DiffPlex;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Splits text into lines on '\n'; a final line end does not make an extra empty line (DiffPlex's own chunker
/// does). A last line without a line end carries git's marker, so that adding or removing the final newline
/// shows as a change: it prints as the line, then <c>\ No newline at end of file</c>.
/// </summary>
internal sealed class DiffLineChunker : IChunker
{
    public const string NoNewline = "\n\\ No newline at end of file";

    public static DiffLineChunker Instance { get; } = new();

    public IReadOnlyList<string> Chunk(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        if (text.EndsWith('\n'))
        {
            return lines[..^1];
        }

        lines[^1] += NoNewline;
        return lines;
    }
}
