using System.Globalization;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary><c>--stat</c>: one line per change (kind, path, lines or size or mode), then a summary line.</summary>
internal static class DiffStatRenderer
{
    private const int BarWidth = 40;

    /// <summary>Names are padded to line up to at most this width: one huge name must not push every mark off screen.</summary>
    internal const int MaxPad = 60;

    /// <summary>The column the names are padded to: the longest name, at most <see cref="MaxPad"/>.</summary>
    public static int PadWidth(IEnumerable<DiffEntry> entries) => Math.Min(MaxPad, entries.Max(e => e.Title.Length));

    /// <summary>Writes the stat; with <paramref name="limit"/>, at most that many path lines (the summary line counts all).</summary>
    public static void Render(DiffWriter writer, IReadOnlyList<DiffEntry> entries, bool warnings = true, int? limit = null, string? more = null)
    {
        if (warnings)
        {
            DiffRenderer.RenderWarnings(writer, entries);
        }

        if (entries.Count == 0)
        {
            writer.Line("no changes");
            writer.Flush();
            return;
        }

        var width = PadWidth(entries);
        var most = Math.Max(1, entries.Max(e => e.Added + e.Removed));
        var shown = limit is { } max && entries.Count > max ? entries.Take(max).ToList() : entries;
        foreach (var entry in shown)
        {
            var change = entry.Change;
            var style = change.Kind switch { ChangeKind.Added => DiffWriter.Green, ChangeKind.Deleted => DiffWriter.Red, _ => null };
            var marks = (entry.Risk is not null ? " !!!" : string.Empty) + (entry.Change.Refused is not null ? " REFUSED" : entry.Conflict is not null ? " CONFLICT" : string.Empty);
            writer.Line($" {DiffFormat.Letter(change)} {entry.Title.PadRight(width)} | {Detail(entry, most)}{marks}", entry.Risk is not null ? DiffWriter.BoldRed : entry.Conflict is not null ? DiffWriter.BoldYellow : style);
        }

        if (shown.Count < entries.Count)
        {
            writer.Line($" ... and {entries.Count - shown.Count} more{(more is null ? string.Empty : $" ({more})")}");
        }

        var insertions = entries.Sum(e => e.Added);
        var deletions = entries.Sum(e => e.Removed);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $" {entries.Count} {(entries.Count == 1 ? "path" : "paths")} changed ({Count(entries, ChangeKind.Added) - Renamed(entries)} added, {Count(entries, ChangeKind.Modified)} modified, {Count(entries, ChangeKind.Deleted)} deleted{(Renamed(entries) is > 0 and var renamed ? $", {renamed} renamed" : string.Empty)}), {insertions} insertion(s)(+), {deletions} deletion(s)(-)");
        writer.Line(summary, DiffWriter.Bold);
        if (entries.Count(e => e.Elided) is > 0 and var elided)
        {
            // their lines are not in the counts above
            writer.Line(new DiffBudget().Summary(elided), DiffWriter.Cyan);
        }

        writer.Flush();
    }

    private static int Count(IReadOnlyList<DiffEntry> entries, ChangeKind kind) => entries.Count(e => e.Change.Kind == kind);

    private static int Renamed(IReadOnlyList<DiffEntry> entries) => entries.Count(e => e.Change.Rename is not null);

    private static string Detail(DiffEntry entry, int most)
    {
        var change = entry.Change;
        if (entry.Binary)
        {
            var before = change.Before is { Type: EntryType.File } b ? b.Size : 0;
            var after = change.After is { Type: EntryType.File } a ? a.Size : 0;
            return string.Create(CultureInfo.InvariantCulture, $"Bin {before} -> {after} bytes");
        }

        if (entry.TooLarge is not null)
        {
            return entry.TooLarge;
        }

        if (change.Type == EntryType.Symlink)
        {
            return change.After?.LinkTarget is { } target ? $"symlink -> {TerminalText.Escape(target)}" : "symlink";
        }

        if (change.Type == EntryType.Directory && entry.Hunks.Count == 0)
        {
            return change.ModeChanged ? $"directory, mode {DiffFormat.Permissions(change.Before!)} -> {DiffFormat.Permissions(change.After!)}" : "directory";
        }

        var total = entry.Added + entry.Removed;
        var scale = most <= BarWidth ? 1.0 : (double)BarWidth / most;
        var plus = entry.Added == 0 ? 0 : Math.Max(1, (int)Math.Round(entry.Added * scale));
        var minus = entry.Removed == 0 ? 0 : Math.Max(1, (int)Math.Round(entry.Removed * scale));
        var text = string.Create(CultureInfo.InvariantCulture, $"{total} {new string('+', plus)}{new string('-', minus)}").TrimEnd();
        if (DiffFormat.ModeChanged(change))
        {
            var lines = change.Rename is null ? change.ContentChanged : total > 0;
            text = (lines ? text + ", " : string.Empty) + $"mode {DiffFormat.Permissions(DiffFormat.Before(change)!)} -> {DiffFormat.Permissions(change.After!)}";
        }

        return text;
    }
}
