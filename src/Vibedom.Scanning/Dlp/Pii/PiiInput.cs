namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// One text for the PII detectors, with its digit runs found once for all of them. <paramref name="bytes"/>: the text
/// is a body's bytes as Latin-1 chars (non-ASCII text is UTF-8 sequences), not decoded chars.
/// </summary>
internal sealed class PiiInput(string text, bool bytes = false)
{
    private List<DigitRun>? _runs;

    public string Text { get; } = text;

    public bool Bytes { get; } = bytes;

    public IReadOnlyList<DigitRun> Runs => _runs ??= DigitRun.All(Text);
}
