namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>The PII detectors DLP runs, in order; each holds its own validation.</summary>
internal static class PiiDetectors
{
    public static IReadOnlyList<IPiiDetector> All { get; } =
    [
        new EmailDetector(),
        new PaymentCardDetector(),
        new UsSsnDetector(),
        new PhoneNumberDetector(),
        new IbanDetector(),
        new PrivateIpv4Detector(),
    ];
}
