namespace Vibedom.Scanning.Dlp;

/// <summary>
/// One kind of value found, never the value itself: the rule, its class, whether it is HIGH risk (the scanner's
/// HIGH rules and the workspace's exact values), the first 12 hex of the SHA-256 of the value (UTF-8; for a body,
/// of its bytes as sent) and how many times it was found.
/// </summary>
public sealed record DlpHit(string RuleId, DlpClass Class, bool High, string Hash, int Count);
