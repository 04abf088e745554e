namespace Vibedom.Core.Workspace.Apply;

/// <summary>One path an apply touches: its state before (null: absent), after (null: absent or not done yet).</summary>
public sealed record JournalEntry
{
    public required string Path { get; init; }

    public required ChangeKind Kind { get; init; }

    public Snapshot? Before { get; init; }

    /// <summary>A renamed file's deletion: the path it was renamed to, in the same journal (counted with it, as one change).</summary>
    public string? RenamedTo { get; init; }

    public Snapshot? After { get; set; }

    /// <summary>The workspace was changed at this path (set right after it happened).</summary>
    public bool Done { get; set; }
}
