namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>The PII detectors DLP runs, in order; each holds its own validation.</summary>
internal static class PiiDetectors
{
    /// <summary>
    /// The most chars a PII match spans: an e-mail address (a 64-char local part, <c>@</c>, a 253-char domain); a card,
    /// an IBAN or a phone number with its separators and the phone word before it are shorter. What a detector reads
    /// around a match (<see cref="PiiNeighbourhood.Reach"/>) is within <see cref="DlpLimits.Context"/>.
    /// </summary>
    public const int Reach = 320;

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
