namespace Vibedom.Core.Workspace.Apply;

/// <summary>What an undo did: the journal it replayed, the paths restored, and those left alone (and why).</summary>
public sealed record UndoOutcome(int JournalNumber, IReadOnlyList<string> Restored, IReadOnlyList<(string Path, string Reason)> Conflicts);
