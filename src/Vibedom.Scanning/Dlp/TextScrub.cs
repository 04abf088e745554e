namespace Vibedom.Scanning.Dlp;

/// <summary>A scrubbed text: <see cref="Text"/> is the input itself (same instance) when nothing was replaced.</summary>
public sealed record TextScrub(string Text, IReadOnlyList<DlpHit> Hits)
{
    /// <summary>True when the text was changed.</summary>
    public bool Changed { get; init; }

    /// <summary>No text: in <see cref="DlpAction.Report"/> mode it still holds what was found.</summary>
    public override string ToString() => $"TextScrub {{ Length = {Text.Length}, Hits = {Hits.Count}, Changed = {Changed} }}";
}
