namespace Vibedom.Scanning.Detection;

/// <summary>
/// One match of a <see cref="StreamingDetector"/>: byte offsets are absolute in the stream that was written
/// (the bytes as given, before any decoding). <see cref="ValueStart"/>..<see cref="ValueEnd"/> is what to replace:
/// the secret itself (not the key name around it), or for a match found only after decoding (base64, hex,
/// percent, unicode escapes) the encoded range. <see cref="Detail"/>'s lines and columns are the stream's;
/// its char offsets are relative to the window that found it and mean nothing outside.
/// </summary>
public sealed record StreamMatch(SecretMatch Detail, long MatchStart, long MatchEnd, long ValueStart, long ValueEnd)
{
    public string RuleId => Detail.RuleId;

    /// <summary>
    /// The match reached the end of its window while the stream went on: a value longer than the window's
    /// overlap may continue past <see cref="ValueEnd"/> (a consumer that redacts should treat the rest as secret).
    /// </summary>
    public bool Truncated { get; init; }
}
