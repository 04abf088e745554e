using System.Text;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;

namespace Vibedom.Cli.Rendering;

/// <summary>Turns a change set into <see cref="DiffEntry"/> values: line diffs (DiffPlex), binary detection, risk and conflict.</summary>
internal static class DiffBuilder
{
    private const int Context = 3;
    private const int SniffBytes = 8000;
    private const long TextLimit = 8 * 1024 * 1024;

    /// <summary>More lines than this on either side: too large to show as a line diff.</summary>
    internal const int MaxLines = 200_000;

    /// <summary>The entries of <paramref name="changes"/>; <paramref name="risks"/> is built from all of the session's changes.</summary>
    public static IReadOnlyList<DiffEntry> Build(IReadOnlyList<WorkspaceChange> changes, IReadOnlyList<ApplyConflict>? conflicts, ChangeRisks risks)
    {
        var byPath = conflicts?.ToDictionary(c => c.Change.Path, c => c.Reason, StringComparer.Ordinal) ?? [];
        return Visible(changes).Select(c => Build(c) with
        {
            Risk = risks.Reason(c),
            Conflict = c.Refused is { } refused ? "refused: " + refused : byPath.GetValueOrDefault(c.Path),
        }).ToList();
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

    public static DiffEntry Build(WorkspaceChange change)
    {
        var contentShown = change.Refused is null && (change.Kind != ChangeKind.Modified || change.ContentChanged);
        var oldFile = change.Before is { Type: EntryType.File or EntryType.Symlink } b && contentShown ? b : null;
        var newFile = change.After is { Type: EntryType.File or EntryType.Symlink } a && contentShown ? a : null;
        if (oldFile is null && newFile is null)
        {
            return new DiffEntry(change);
        }

        if (IsBinary(oldFile) || IsBinary(newFile))
        {
            return new DiffEntry(change)
            {
                Binary = true,
                OldHash = oldFile is null ? null : ContentHash.TryOf(oldFile.ContentPath),
                NewHash = newFile is null ? null : ContentHash.TryOf(newFile.ContentPath),
            };
        }

        var oldLines = DiffLineChunker.Instance.Chunk(Read(oldFile));
        var newLines = DiffLineChunker.Instance.Chunk(Read(newFile));
        var lines = oldLines.Count <= MaxLines && newLines.Count <= MaxLines ? LineDiff.Diff(oldLines, newLines) : null;
        if (lines is null)
        {
            return new DiffEntry(change)
            {
                TooLarge = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"diff too large or too slow to show: {oldLines.Count} -> {newLines.Count} lines, {oldFile?.Size ?? 0} -> {newFile?.Size ?? 0} bytes"),
            };
        }

        var hunks = Hunks(lines);
        return new DiffEntry(change)
        {
            Hunks = hunks,
            Added = lines.Count(l => l.Op == '+'),
            Removed = lines.Count(l => l.Op == '-'),
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

    /// <summary>The text of one side: a file's content, or a symlink's target (as git shows it, without a line end).</summary>
    private static string Read(EntryState? file) => file switch
    {
        null => string.Empty,
        { Type: EntryType.Symlink } => file.LinkTarget ?? string.Empty,
        _ => ReadText(file.ContentPath),
    };

    /// <summary>A regular file's text (never through a symlink, never blocking on a fifo).</summary>
    private static string ReadText(string path)
    {
        using var reader = new StreamReader(RegularFile.OpenRead(path), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static bool IsBinary(EntryState? file)
    {
        if (file is null or { Type: EntryType.Symlink })
        {
            return false;
        }

        if (file.Size > TextLimit)
        {
            return true;
        }

        try
        {
            using var stream = RegularFile.OpenRead(file.ContentPath, 1);
            Span<byte> head = stackalloc byte[SniffBytes];
            var read = stream.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
            return head[..read].Contains((byte)0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
