namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>One text for the PII detectors, with its digit runs found once for all of them.</summary>
internal sealed class PiiInput(string text)
{
    private List<DigitRun>? _runs;

    public string Text { get; } = text;

    public IReadOnlyList<DigitRun> Runs => _runs ??= DigitRun.All(Text);
}
