using DiffPlex;

namespace Vibedom.Cli.Rendering;

/// <summary>Splits text into lines on '\n'; a final line end does not make an extra empty line (DiffPlex's own chunker does).</summary>
internal sealed class DiffLineChunker : IChunker
{
    public static DiffLineChunker Instance { get; } = new();

    public IReadOnlyList<string> Chunk(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
