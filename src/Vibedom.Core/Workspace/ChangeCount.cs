namespace Vibedom.Core.Workspace;

/// <summary>
/// What a listing counts of one session: the changes not applied yet, and how many of them are modified files it did not
/// compare with the workspace (its <see cref="ComparisonBudget"/> was spent), counted as changes. -1 changes: unreadable.
/// </summary>
public readonly record struct ChangeCount(int Changes, int Uncompared)
{
    /// <summary>A session whose changes could not be read.</summary>
    public static readonly ChangeCount Unreadable = new(-1, 0);

    /// <summary>A session with nothing left to apply.</summary>
    public static readonly ChangeCount None = new(0, 0);
}
