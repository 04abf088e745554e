namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>The PII detectors DLP runs, in order.</summary>
internal static class PiiDetectors
{
    public static IReadOnlyList<IPiiDetector> All { get; } = [];
}
