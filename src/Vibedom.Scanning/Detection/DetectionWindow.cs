namespace Vibedom.Scanning.Detection;

/// <summary>
/// How <see cref="StreamingDetector"/> cuts a stream into windows. Each window scans <see cref="Size"/> chars it
/// owns (it reports the matches starting there) plus up to <see cref="Overlap"/> chars of context on each side,
/// so a match up to <see cref="Overlap"/> chars long is found whole, exactly once, wherever the stream is cut.
/// Cuts prefer a line end in the last quarter of the owned part (gitleaks' line-based allowlists and de-dup
/// then see whole lines). The chars a detector holds back unreported are at most <see cref="Size"/> +
/// <see cref="Overlap"/> (in bytes, up to three times that).
/// </summary>
public sealed record DetectionWindow
{
    /// <summary>1 Mi chars: files under 1 MiB are one window, as gitleaks scans them.</summary>
    public const int DefaultSize = 1 << 20;

    /// <summary>
    /// 16 Ki chars, sized from the longest plausible match of the rules: the longest shapes are PEM blocks
    /// (<c>-----BEGIN … PRIVATE KEY-----</c>: an 8192-bit RSA key is about 6.4 Ki chars; its base64 or JSON-escaped
    /// form about 8.7 Ki), every other default rule bounds its value to a few hundred chars at most.
    /// </summary>
    public const int DefaultOverlap = 16 << 10;

    /// <summary>Chars each window owns; raised to at least twice <see cref="Overlap"/>.</summary>
    public int Size { get; init; } = DefaultSize;

    /// <summary>The hold-back: context chars kept on each side of the owned part; the longest match found whole.</summary>
    public int Overlap { get; init; } = DefaultOverlap;

    /// <summary>The owned size actually used.</summary>
    internal int EffectiveSize => Math.Max(Size, Overlap * 2);

    internal void Validate()
    {
        if (Overlap < 1 || Size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Overlap), "a detection window needs a positive size and overlap");
        }

        if ((long)EffectiveSize + (2L * Overlap) > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), "a detection window must fit in one array");
        }
    }
}
