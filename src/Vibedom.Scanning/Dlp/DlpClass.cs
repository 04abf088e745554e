namespace Vibedom.Scanning.Dlp;

/// <summary>The two classes of what DLP looks for; each has its own <see cref="DlpAction"/>.</summary>
public enum DlpClass
{
    /// <summary>The scanner's pattern rules and the workspace's exact values (what the pre-flight found).</summary>
    Secret,

    /// <summary>Personal data: e-mail, payment card, US SSN, phone number, IBAN, private IPv4.</summary>
    Pii,
}
