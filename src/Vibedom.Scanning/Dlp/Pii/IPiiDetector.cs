namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>One kind of personal data: a candidate pattern and its validator. Thread-safe.</summary>
internal interface IPiiDetector
{
    /// <summary>The rule id (lower-case, as in hits and markers).</summary>
    string RuleId { get; }

    /// <summary>Adds the [Start, End) char ranges of every valid value in the text.</summary>
    void Find(PiiInput input, List<(int Start, int End)> found);
}
