using System.Text;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Turns a change set into <see cref="DiffEntry"/> values: risk and conflict, binary detection, line counts
/// and hunks, each only to the <see cref="DiffDepth"/> asked. Lists are built shallow; a file's hunks are
/// built when it is shown (<see cref="Full"/>), so no more than one file's text is held at once.
/// </summary>
internal static class DiffBuilder
{
    private const int Context = 3;

    /// <summary>More lines than this on either side: too large to show as a line diff.</summary>
    internal const int MaxLines = 200_000;

    /// <summary>
    /// The entries of <paramref name="changes"/>; <paramref name="risks"/> is built from all of the session's changes;
    /// <paramref name="startOf"/> gives a conflicted file's content at the session's start, when it is known.
    /// </summary>
    public static IReadOnlyList<DiffEntry> Build(IReadOnlyList<WorkspaceChange> changes, IReadOnlyList<ApplyConflict>? conflicts, ChangeRisks risks, DiffDepth depth, Func<string, StartContent?>? startOf = null)
    {
        // by change, not by path: a rename's deletion and what the agent put in its place (a fifo, a link) share a path
        var byChange = new Dictionary<WorkspaceChange, string>(ReferenceEqualityComparer.Instance);
        foreach (var conflict in conflicts ?? [])
        {
            byChange[conflict.Change] = conflict.Reason;
        }

        var renamedFrom = changes.Where(c => c.RenamedTo is not null).GroupBy(c => c.RenamedTo!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var budget = new DiffBudget();
        return Visible(changes).Select(c => Build(c, depth, newBinary: null, budget)).Select(e => e with
        {
            Risk = risks.Reason(e.Change) ?? ScriptFile.HiddenReason(e),
            Conflict = e.Change.Refused is { } refused ? "refused: " + refused : byChange.GetValueOrDefault(e.Change)
                ?? (e.Change.Rename is { } from && renamedFrom.GetValueOrDefault(e.Path) is { } deleted && deleted.Path == from.Path &&
                    byChange.GetValueOrDefault(deleted) is { } reason ? $"renamed from {from.Path}, which was {reason}" : null),
        }).Select(e => e.BothChanged && startOf is not null ? WithStart(e, startOf(e.StartPath), depth) : e).ToList();
    }

    /// <summary>A conflict's base; its counts (the agent's and yours, each against it) when only counts are asked (--stat, --json).</summary>
    private static DiffEntry WithStart(DiffEntry entry, StartContent? start, DiffDepth depth)
    {
        if (start is null || depth != DiffDepth.Counts)
        {
            return entry with { Start = start };
        }

        var full = Full(entry with { Start = start });
        return entry with { Start = full.Start, Added = full.Added, Removed = full.Removed, YourAdded = full.YourAdded, YourRemoved = full.YourRemoved };
    }

    /// <summary>
    /// Directories that only hold other changes are implied by them; the rest are shown, and so is a directory
    /// whose new mode is flagged (a world-writable or setgid folder must not hide behind its files).
    /// </summary>
    public static IEnumerable<WorkspaceChange> Visible(IReadOnlyList<WorkspaceChange> changes)
    {
        var listed = ChangeSet.ListedOf(changes).ToHashSet(ReferenceEqualityComparer.Instance);
        return changes.Where(c => listed.Contains(c) || (c.Type == EntryType.Directory && RiskyPaths.ModeReason(c) is not null));
    }

    /// <summary>The entry with its hunks (and binary hashes), keeping its risk and conflict.</summary>
    public static DiffEntry Full(DiffEntry entry, DiffBudget? budget = null)
    {
        if (entry.Depth == DiffDepth.Hunks)
        {
            return entry;
        }

        var full = Build(entry.Change, DiffDepth.Hunks, entry.NewBinary, budget) with { Risk = entry.Risk, Conflict = entry.Conflict };
        return full.BothChanged && entry.Start is { } start && full.TooLarge is null ? ThreeWay(full, start) : full with { Start = null };
    }

    /// <summary>A file both changed, with its start known: the agent's changes and the user's, each against the start.</summary>
    private static DiffEntry ThreeWay(DiffEntry entry, StartContent start)
    {
        if (Read(entry.Change.After) is not { } agentText || Read(entry.OldSide) is not { } yourText)
        {
            return entry with { Start = null }; // a side grew since it was listed: the two-way diff already built stands
        }

        var startLines = DiffLineChunker.Instance.Chunk(start.Text);
        var agent = LineDiff.Diff(startLines, DiffLineChunker.Instance.Chunk(agentText), out _);
        var yours = LineDiff.Diff(startLines, DiffLineChunker.Instance.Chunk(yourText), out _);
        if (agent is null || yours is null)
        {
            return entry with { Start = null };
        }

        var (agentHunks, yourHunks) = (Hunks(agent), Hunks(yours));
        return entry with
        {
            Start = start,
            Hunks = entry.AgentDeleted ? [] : agentHunks, // a deletion is said in words: its '-' lines would be the start's
            YourHunks = yourHunks,
            ContentEscaped = agentHunks.Concat(yourHunks).Any(h => h.Lines.Any(l => TerminalText.NeedsContentEscape(WithoutMarker(l.Text)))),
            Added = agent.Count(l => l.Op == '+'),
            Removed = agent.Count(l => l.Op == '-'),
            YourAdded = yours.Count(l => l.Op == '+'),
            YourRemoved = yours.Count(l => l.Op == '-'),
        };
    }

    public static DiffEntry Build(WorkspaceChange change, DiffDepth depth = DiffDepth.Hunks, DiffBudget? budget = null) => Build(change, depth, newBinary: null, budget);

    /// <summary>
    /// The entry; <paramref name="newBinary"/>: the agent's side as already sniffed (null: sniff it now, once);
    /// <paramref name="budget"/>: the whole diff's, charged with this file's line diff (none: this file's own bounds only).
    /// </summary>
    private static DiffEntry Build(WorkspaceChange change, DiffDepth depth, bool? newBinary, DiffBudget? budget)
    {
        // the agent's file is sniffed once: the binary summary and the hidden-script flag both use this answer
        var isNewBinary = newBinary ?? (change.Refused is null && ContentSniffer.IsBinary(change.After));
        var contentShown = change.Refused is null && (change.Kind != ChangeKind.Modified || change.ContentChanged);
        var oldFile = (change.Rename?.Before ?? change.Before) is { Type: EntryType.File or EntryType.Symlink } b && contentShown ? b : null;
        var newFile = change.After is { Type: EntryType.File or EntryType.Symlink } a && contentShown ? a : null;
        if (oldFile is null && newFile is null)
        {
            return new DiffEntry(change) { Depth = depth, NewBinary = isNewBinary };
        }

        if ((newFile is not null && isNewBinary) || ContentSniffer.IsBinary(oldFile))
        {
            var hashes = depth == DiffDepth.Hunks;
            return new DiffEntry(change)
            {
                Depth = depth,
                Binary = true,
                NewBinary = isNewBinary,
                OldHash = oldFile is null || !hashes ? null : ContentHash.TryOf(oldFile.ContentPath),
                NewHash = newFile is null || !hashes ? null : ContentHash.TryOf(newFile.ContentPath),
            };
        }

        return depth == DiffDepth.Flags ? new DiffEntry(change) { Depth = depth } : Lines(change, oldFile, newFile, depth, budget);
    }

    private static DiffEntry Lines(WorkspaceChange change, EntryState? oldFile, EntryState? newFile, DiffDepth depth, DiffBudget? budget)
    {
        if (budget is { Spent: true })
        {
            return new DiffEntry(change) { Depth = depth, Elided = true, TooLarge = budget.Note };
        }

        if (Read(oldFile) is not { } oldText || Read(newFile) is not { } newText)
        {
            return new DiffEntry(change)
            {
                Depth = depth,
                TooLarge = "changed while the diff read it (larger than when it was listed): not read; run the diff again",
            };
        }

        var oldLines = DiffLineChunker.Instance.Chunk(oldText);
        var newLines = DiffLineChunker.Instance.Chunk(newText);
        long work = oldLines.Count + newLines.Count;
        var lines = oldLines.Count <= MaxLines && newLines.Count <= MaxLines ? LineDiff.Diff(oldLines, newLines, out work) : null;
        budget?.Charge((oldFile?.Size ?? 0) + (newFile?.Size ?? 0), work);
        if (lines is null)
        {
            return new DiffEntry(change)
            {
                Depth = depth,
                TooLarge = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"diff too large or too slow to show: {oldLines.Count} -> {newLines.Count} lines, {oldFile?.Size ?? 0} -> {newFile?.Size ?? 0} bytes"),
            };
        }

        var counted = new DiffEntry(change)
        {
            Depth = depth,
            Added = lines.Count(l => l.Op == '+'),
            Removed = lines.Count(l => l.Op == '-'),
        };
        if (depth != DiffDepth.Hunks)
        {
            return counted;
        }

        var hunks = Hunks(lines);
        return counted with
        {
            Hunks = hunks,
            ContentEscaped = hunks.Any(h => h.Lines.Any(l => TerminalText.NeedsContentEscape(WithoutMarker(l.Text)))),
        };
    }

    private static List<DiffHunk> Hunks(List<(char Op, string Text)> lines)
    {
        var hunks = new List<DiffHunk>();
        var changed = Enumerable.Range(0, lines.Count).Where(i => lines[i].Op != ' ').ToList();
        var k = 0;
        while (k < changed.Count)
        {
            var start = Math.Max(0, changed[k] - Context);
            var end = changed[k];
            while (k + 1 < changed.Count && changed[k + 1] - end <= (2 * Context) + 1)
            {
                end = changed[++k];
            }

            k++;
            end = Math.Min(lines.Count - 1, end + Context);
            int oldStart = 1, newStart = 1;
            for (var i = 0; i < start; i++)
            {
                oldStart += lines[i].Op != '+' ? 1 : 0;
                newStart += lines[i].Op != '-' ? 1 : 0;
            }

            var slice = lines.GetRange(start, end - start + 1).Select(l => new DiffLine(l.Op, l.Text)).ToList();
            hunks.Add(new DiffHunk(oldStart, slice.Count(l => l.Op != '+'), newStart, slice.Count(l => l.Op != '-'), slice));
        }

        return hunks;
    }

    private static string WithoutMarker(string text) =>
        text.EndsWith(DiffLineChunker.NoNewline, StringComparison.Ordinal) ? text[..^DiffLineChunker.NoNewline.Length] : text;

    /// <summary>
    /// The text of one side: a file's content, or a symlink's target (as git shows it, without a line end); null when the
    /// file grew since it was listed.
    /// </summary>
    private static string? Read(EntryState? file) => file switch
    {
        null => string.Empty,
        { Type: EntryType.Symlink } => file.LinkTarget ?? string.Empty,
        _ => ReadText(file.ContentPath, file.Size),
    };

    /// <summary>
    /// A regular file's text (never through a symlink, never blocking on a fifo), read no further than one byte past
    /// <paramref name="size"/>, its size when listed: null when it is larger now (the agent may grow a file while a diff
    /// of its running session reads it: a sparse 4 GiB file costs it nothing, and was read whole into one string).
    /// </summary>
    private static string? ReadText(string path, long size)
    {
        using var stream = RegularFile.OpenRead(path);
        var buffer = new byte[Math.Min(size, ContentSniffer.TextLimit) + 1];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read > size)
        {
            return null;
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, read), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
