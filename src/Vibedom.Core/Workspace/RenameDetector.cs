namespace Vibedom.Core.Workspace;

/// <summary>
/// Pairs a deleted file with an added one the agent renamed it to (overlayfs records a rename as a whiteout and a
/// new file), as git does: the same content first, then, for small text files, one whose lines are at least half
/// the same. Both halves stay changes (apply and undo write each path atomically, in one journal); the added half
/// carries <see cref="WorkspaceChange.Rename"/>, the deleted half <see cref="WorkspaceChange.RenamedTo"/>, and the
/// two are shown, chosen and refused together. The agent's content is read bounded: small files, few candidates.
/// </summary>
public static class RenameDetector
{
    /// <summary>Inexact pairing looks at no more than this many deleted and added files each (git's rename limit idea).</summary>
    public const int MaxInexactCandidates = 100;

    /// <summary>
    /// Bytes read at most to pair files by content, both sides together. The agent decides how many files of a deleted
    /// file's size it leaves (sparse ones cost it no disk): without a bound each costs a whole read on every listing.
    /// </summary>
    public const long MaxExactBytes = 512L << 20;

    /// <summary>Files larger than this are paired only when their content is the same.</summary>
    public const int MaxInexactSize = 256 * 1024;

    private const int MinSimilarity = 50;

    public static IReadOnlyList<WorkspaceChange> Pair(IReadOnlyList<WorkspaceChange> changes)
    {
        var deleted = changes.Where(c => c is { Kind: ChangeKind.Deleted, Refused: null, Before.Type: EntryType.File }).ToList();
        var added = changes.Where(c => c is { Kind: ChangeKind.Added, Refused: null, After.Type: EntryType.File }).ToList();
        if (deleted.Count == 0 || added.Count == 0)
        {
            return changes;
        }

        var pairs = new Dictionary<WorkspaceChange, (WorkspaceChange From, int Similarity)>(ReferenceEqualityComparer.Instance);
        Exact(deleted, added, pairs);
        if (deleted.Count <= MaxInexactCandidates && added.Count <= MaxInexactCandidates)
        {
            Similar(deleted, added, pairs);
        }

        if (pairs.Count == 0)
        {
            return changes;
        }

        var to = new Dictionary<WorkspaceChange, string>(ReferenceEqualityComparer.Instance);
        foreach (var (renamed, (from, _)) in pairs)
        {
            to[from] = renamed.Path;
        }

        return changes.Select(c =>
            pairs.TryGetValue(c, out var from) ? c with { Rename = new RenameSource(from.From.Path, from.From.Before!, from.Similarity) }
            : to.TryGetValue(c, out var target) ? c with { RenamedTo = target }
            : c).ToList();
    }

    private static void Exact(List<WorkspaceChange> deleted, List<WorkspaceChange> added, Dictionary<WorkspaceChange, (WorkspaceChange, int)> pairs)
    {
        // only files of a size both sides have are hashed (an agent that deletes thousands costs no reads for them), smallest
        // sizes first, and no more than MaxExactBytes in all: the agent's sparse files of a deleted file's size cost it nothing
        var sizes = deleted.Select(d => d.Before!.Size).ToHashSet();
        sizes.IntersectWith(added.Select(a => a.After!.Size));
        var budget = new ComparisonBudget(MaxExactBytes);
        var deletedBySize = deleted.Where(d => sizes.Contains(d.Before!.Size)).ToLookup(d => d.Before!.Size);
        var addedBySize = added.Where(a => sizes.Contains(a.After!.Size)).ToLookup(a => a.After!.Size);
        foreach (var size in sizes.Order())
        {
            var byHash = new Dictionary<string, Queue<WorkspaceChange>>(StringComparer.Ordinal);
            foreach (var d in deletedBySize[size].OrderBy(d => d.Path, StringComparer.Ordinal))
            {
                if (!budget.TrySpend(size))
                {
                    break;
                }

                if (ContentHash.TryOfSize(d.Before!.ContentPath, size) is { } hash)
                {
                    if (!byHash.TryGetValue(hash, out var queue))
                    {
                        byHash[hash] = queue = new Queue<WorkspaceChange>();
                    }

                    queue.Enqueue(d);
                }
            }

            foreach (var a in addedBySize[size].OrderBy(a => a.Path, StringComparer.Ordinal))
            {
                if (byHash.Count == 0 || !budget.TrySpend(size))
                {
                    break;
                }

                if (ContentHash.TryOfSize(a.After!.ContentPath, size) is { } hash && byHash.TryGetValue(hash, out var from) && from.Count > 0)
                {
                    pairs[a] = (from.Dequeue(), 100);
                }
            }

            if (budget.Exhausted)
            {
                break; // what is left shows as a deletion and an addition, as it is in the overlay
            }
        }

        var paired = pairs.Values.Select(p => p.Item1).ToHashSet(ReferenceEqualityComparer.Instance);
        deleted.RemoveAll(paired.Contains);
        added.RemoveAll(pairs.ContainsKey);
    }

    /// <summary>Greedy, best score first: each deleted file goes to the added file most like it.</summary>
    private static void Similar(List<WorkspaceChange> deleted, List<WorkspaceChange> added, Dictionary<WorkspaceChange, (WorkspaceChange, int)> pairs)
    {
        // the workspace's side held (its files, the user's); the agent's read one at a time, so at most one is held
        var oldLines = deleted.Where(d => d.Before!.Size is > 0 and <= MaxInexactSize).Select(d => (Change: d, Lines: LineCounts.Of(d.Before!.ContentPath, MaxInexactSize))).Where(d => d.Lines is not null).ToList();
        var scored = new List<(int Score, WorkspaceChange From, WorkspaceChange To)>();
        foreach (var to in oldLines.Count == 0 ? [] : added.Where(a => a.After!.Size is > 0 and <= MaxInexactSize))
        {
            if (LineCounts.Of(to.After!.ContentPath, MaxInexactSize) is not { } toLines)
            {
                continue;
            }

            foreach (var (from, fromLines) in oldLines)
            {
                var score = LineCounts.Similarity(fromLines!, toLines);
                if (score >= MinSimilarity)
                {
                    scored.Add((score, from, to));
                }
            }
        }

        var taken = new HashSet<WorkspaceChange>(ReferenceEqualityComparer.Instance);
        foreach (var (score, from, to) in scored.OrderByDescending(s => s.Score).ThenBy(s => s.To.Path, StringComparer.Ordinal).ThenBy(s => s.From.Path, StringComparer.Ordinal))
        {
            if (!taken.Contains(from) && !taken.Contains(to))
            {
                taken.Add(from);
                taken.Add(to);
                pairs[to] = (from, Math.Min(score, 99));
            }
        }
    }
}
