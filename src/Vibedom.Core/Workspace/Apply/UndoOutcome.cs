namespace Vibedom.Core.Workspace.Apply;

/// <summary>What an undo did: the journal it replayed, the paths restored, and those left alone (and why).</summary>
public sealed record UndoOutcome(int JournalNumber, IReadOnlyList<string> Restored, IReadOnlyList<(string Path, string Reason)> Conflicts)
{
    /// <summary>How many changes were reverted, counted as the apply and every screen count them (folders that only held other changes are implied).</summary>
    public int Listed { get; init; } = Restored.Count;
}
