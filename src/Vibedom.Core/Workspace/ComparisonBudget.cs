namespace Vibedom.Core.Workspace;

/// <summary>
/// Bytes a listing (<c>sessions</c>, <c>sessions --prune</c>) may read, all sessions together, to tell a modified file the
/// agent left as the workspace has it (applied by hand, touched) from a real change. The agent decides how many such files
/// there are and how large (a <c>touch</c> of every file copies it up, free with reflinks): without a bound each listing
/// read them all, both sides. A file past the budget is counted as a change, not compared (<see cref="WorkspaceChange.Uncompared"/>).
/// Rename pairing bounds its reads the same way (<see cref="RenameDetector.MaxExactBytes"/>). Not thread-safe: one per listing.
/// </summary>
public sealed class ComparisonBudget(long bytes)
{
    /// <summary>A listing's budget: both sides of the files compared, at least <see cref="MinFileCost"/> a file.</summary>
    public const long ListingBytes = 128L << 20;

    /// <summary>What reading one file (or comparing one pair) costs at least: an open and a read, however small.</summary>
    internal const long MinFileCost = 4096;

    private long _remaining = bytes;

    /// <summary>A budget of <see cref="ListingBytes"/>.</summary>
    public static ComparisonBudget ForListing() => new(ListingBytes);

    /// <summary>True once a <see cref="TrySpend"/> found too little left.</summary>
    internal bool Exhausted { get; private set; }

    /// <summary>Takes <paramref name="bytes"/> (at least <see cref="MinFileCost"/>) if that much is left; false, taking nothing, when not.</summary>
    internal bool TrySpend(long bytes)
    {
        var cost = Math.Max(bytes, MinFileCost);
        if (_remaining < cost)
        {
            Exhausted = true;
            return false;
        }

        _remaining -= cost;
        return true;
    }
}
