namespace Vibedom.Core.Workspace;

/// <summary>
/// One path the agent changed, relative to the workspace ('/'-separated). <see cref="Before"/> is what the
/// workspace holds now (null when added), <see cref="After"/> what the agent left (null when deleted).
/// </summary>
public sealed record WorkspaceChange(string Path, ChangeKind Kind, EntryState? Before, EntryState? After)
{
    /// <summary>For a modification: the bytes (or the symlink target) differ.</summary>
    public bool ContentChanged { get; init; }

    /// <summary>
    /// For a modification counted by a listing: the content was not compared with the workspace's (the listing's
    /// <see cref="ComparisonBudget"/> was spent), so it counts as changed; the agent's file may hold what the workspace does.
    /// </summary>
    public bool Uncompared { get; init; }

    /// <summary>For a modification: the permission bits differ.</summary>
    public bool ModeChanged { get; init; }

    /// <summary>Why it shows up, when not obvious: "directory replaced", "renamed from x", "metadata only".</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Why this path is shown but never applied (forged overlay metadata, a name that is not UTF-8, a path too
    /// long, unreadable content); null for an ordinary change. Its <see cref="After"/> is the agent's entry itself.
    /// </summary>
    public string? Refused { get; init; }

    /// <summary>For an added file: the deleted file the agent renamed to it (<see cref="RenameDetector"/>).</summary>
    public RenameSource? Rename { get; init; }

    /// <summary>For a deleted file: the added path it was renamed to; the pair is shown, chosen and refused as one.</summary>
    public string? RenamedTo { get; init; }

    /// <summary>The type that matters for display: the agent's, else the deleted one's.</summary>
    public EntryType Type => (After ?? Before)!.Type;
}
