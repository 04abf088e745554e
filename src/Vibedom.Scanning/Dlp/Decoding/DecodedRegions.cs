namespace Vibedom.Scanning.Dlp.Decoding;

/// <summary>
/// The parts of a text a decoded pass reads: the runs around what it decodes, ascending and merged. The rest of the
/// text is one <c>\n</c> in the pass (mapped back to what it stands for), so a pass costs what its runs cost, not
/// what the body costs: a chat body with one <c>a+b</c> or one <c>\u00e9</c> gets a pass a few words long.
/// </summary>
internal sealed class DecodedRegions
{
    private readonly List<(int Start, int End)> _regions = [];

    public int Count => _regions.Count;

    public IReadOnlyList<(int Start, int End)> All => _regions;

    /// <summary>Adds <c>[start, end)</c>; it starts at or after the last one's start (a scan left to right).</summary>
    public void Add(int start, int end)
    {
        if (_regions.Count > 0 && start <= _regions[^1].End)
        {
            _regions[^1] = (_regions[^1].Start, Math.Max(_regions[^1].End, end));
            return;
        }

        _regions.Add((start, end));
    }

    /// <summary>Copies the text between regions as one <c>\n</c> each, and hands each region to <paramref name="decode"/>.</summary>
    public DecodedText? Build(string source, DecodedText? from, Action<DecodedTextBuilder, int, int> decode)
    {
        if (_regions.Count == 0)
        {
            return null;
        }

        var builder = new DecodedTextBuilder(source);
        var at = 0;
        foreach (var (start, end) in _regions)
        {
            if (start > at)
            {
                builder.Replace(at, start - at, ['\n']);
            }

            decode(builder, start, end);
            at = end;
        }

        if (at < source.Length)
        {
            builder.Replace(at, source.Length - at, ['\n']);
        }

        return builder.Build(from);
    }
}
