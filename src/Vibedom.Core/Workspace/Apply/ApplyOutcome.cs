namespace Vibedom.Core.Workspace.Apply;

/// <summary>What an apply did: the changes written, the ones refused, and the journal that can undo it.</summary>
public sealed record ApplyOutcome(IReadOnlyList<WorkspaceChange> Applied, IReadOnlyList<ApplyConflict> Conflicts, int? JournalNumber)
{
    /// <summary>A one-line failure that stopped the apply part-way (the failing path was left as it was).</summary>
    public string? Error { get; init; }
}
