namespace Vibedom.Scanning.Dlp;

/// <summary>How an exact value's bytes were encoded into an <see cref="EncodedNeedle"/>.</summary>
internal enum EncodedForm
{
    Base64,
    Base64Url,
    Hex,
    Percent,

    /// <summary>A JSON string's short escapes, once or twice (<see cref="JsonEscapedForms"/>).</summary>
    Json,
}
