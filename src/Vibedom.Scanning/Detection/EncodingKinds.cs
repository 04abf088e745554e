namespace Vibedom.Scanning.Detection;

/// <summary>Encodings found in a segment (gitleaks' encodingKind bit set).</summary>
[Flags]
internal enum EncodingKinds
{
    None = 0,
    Percent = 1,
    Unicode = 2,
    Hex = 4,
    Base64 = 8,
}
