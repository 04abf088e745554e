namespace Vibedom.Scanning.Dlp;

/// <summary>
/// The bounds of a body's hold-back (bytes). Everything up to the last line end is released at once; after it, at
/// most <see cref="Tail"/> bytes are held (released in steps, so up to twice that between releases), except a PEM
/// block, held from its <c>-----BEGIN</c> until its <c>-----END</c> for at most <see cref="PemBlock"/> bytes.
/// A single-line value up to <see cref="Tail"/> bytes long is found as if the body had been written at once.
/// </summary>
public sealed record DlpLimits
{
    /// <summary>16 KiB, the scanner's overlap (<see cref="Detection.DetectionWindow.DefaultOverlap"/>).</summary>
    public const int DefaultTail = 16 << 10;

    public static DlpLimits Default { get; } = new();

    /// <summary>Bytes held after the last line end; the longest single-line value found whole across writes.</summary>
    public int Tail { get; init; } = DefaultTail;

    /// <summary>The longest PEM block (from <c>-----BEGIN</c> to the end of <c>-----END …-----</c>) held whole.</summary>
    public int PemBlock { get; init; } = DefaultTail;

    /// <summary>Released bytes kept as the next scan's left context (key names before a value, word boundaries).</summary>
    public int Context { get; init; } = 256;

    /// <summary>
    /// How many bodies read whole the engine keeps, with their findings, to scan only what a later body changes
    /// (<see cref="Dlp.KnownBodies"/>: an agent re-sends its conversation every turn); 0 scans every body whole.
    /// </summary>
    public int KnownBodies { get; init; } = 16;

    /// <summary>The most bytes a scrubber ever holds (its buffer, context included).</summary>
    public int MaxHeld => Math.Max(2 * Tail, PemBlock + Tail) + Context;

    internal void Validate()
    {
        if (Tail < 64 || PemBlock < 64 || Context < 0 || Context > Tail || KnownBodies is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(Tail), "DLP limits: tail and PEM block at least 64 bytes, context between 0 and the tail, at most 256 known bodies");
        }

        if ((long)Math.Max(2L * Tail, (long)PemBlock + Tail) + Context > 1 << 28)
        {
            throw new ArgumentOutOfRangeException(nameof(Tail), "DLP limits: the hold-back must stay under 256 MiB");
        }
    }
}
