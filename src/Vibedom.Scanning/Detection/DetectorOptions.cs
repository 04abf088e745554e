namespace Vibedom.Scanning.Detection;

/// <summary>Detector settings, gitleaks' defaults.</summary>
public sealed record DetectorOptions
{
    /// <summary>Recursive decoding passes (percent, unicode, hex, base64); 0 disables decoding.</summary>
    public int MaxDecodeDepth { get; init; } = 5;

    /// <summary>Report findings on lines carrying <c>gitleaks:allow</c> anyway.</summary>
    public bool IgnoreGitleaksAllow { get; init; }
}
