using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// The unified diff of a change set, git-style (<c>diff --git</c>, mode lines, <c>@@</c> hunks), with the
/// changes that run code later listed loudly first and conflicts marked on their file.
/// </summary>
internal static class DiffRenderer
{
    /// <summary>The warnings, then each file's diff: its hunks built as it is written and dropped after (<see cref="DiffBuilder.Full"/>).</summary>
    public static void Render(DiffWriter writer, IReadOnlyList<DiffEntry> entries, DiffBudget? budget = null)
    {
        RenderWarnings(writer, entries);
        budget ??= new DiffBudget();
        var elided = 0;
        foreach (var entry in entries)
        {
            var full = DiffBuilder.Full(entry, budget);
            elided += full.Elided ? 1 : 0;
            RenderEntry(writer, full);
        }

        if (elided > 0)
        {
            writer.Line(budget.Summary(elided), DiffWriter.Cyan);
        }

        writer.Flush();
    }

    /// <summary>The loud block: every change that runs code later, and every conflict.</summary>
    public static void RenderWarnings(DiffWriter writer, IReadOnlyList<DiffEntry> entries)
    {
        var risky = entries.Where(e => e.Risk is not null).ToList();
        if (risky.Count > 0)
        {
            writer.Line($"!!! {risky.Count} change(s) can run code on your machine later, outside the sandbox. Review them first:", DiffWriter.BoldRed);
            var width = DiffStatRenderer.PadWidth(risky);
            foreach (var entry in risky)
            {
                writer.Line($"!!!   {DiffFormat.Letter(entry.Change)} {entry.Title.PadRight(width)}  {TerminalText.Escape(entry.Risk)}", DiffWriter.BoldRed);
            }

            writer.Line(string.Empty);
        }

        var refused = entries.Where(e => e.Change.Refused is not null).ToList();
        if (refused.Count > 0)
        {
            writer.Line($"{refused.Count} change(s) refused: vibedom will not read or apply them:", DiffWriter.BoldYellow);
            foreach (var entry in refused)
            {
                writer.Line($"    {entry.Shown}: {TerminalText.Escape(entry.Change.Refused)}", DiffWriter.BoldYellow);
            }

            writer.Line(string.Empty);
        }

        var conflicts = entries.Where(e => e.Conflict is not null && e.Change.Refused is null).ToList();
        if (conflicts.Count > 0)
        {
            writer.Line($"{conflicts.Count} conflict(s): apply will not write them, the workspace keeps what it has:", DiffWriter.BoldYellow);
            foreach (var entry in conflicts)
            {
                writer.Line($"    {entry.Shown}: {TerminalText.Escape(entry.Conflict)}", DiffWriter.BoldYellow);
            }

            writer.Line(string.Empty);
        }
    }

    public static void RenderEntry(DiffWriter writer, DiffEntry entry)
    {
        var change = entry.Change;
        var path = entry.Shown;
        // annotations go before the git header, where `git apply` and `patch` skip them
        if (entry.Risk is not null)
        {
            writer.Line($"!!! {path} runs code later: {TerminalText.Escape(entry.Risk)}", DiffWriter.BoldRed);
        }

        if (change.Refused is not null)
        {
            writer.Line($"REFUSED {path}: {TerminalText.Escape(change.Refused)}", DiffWriter.BoldYellow);
        }
        else if (entry.Conflict is not null)
        {
            writer.Line($"CONFLICT {path}: {TerminalText.Escape(entry.Conflict)}; apply leaves the workspace version", DiffWriter.BoldYellow);
            if (entry.BothChanged)
            {
                writer.Line(BothChangedNote(entry, path), DiffWriter.BoldYellow);
            }
        }

        if (entry.TooLarge is not null)
        {
            writer.Line($"# {path}: {entry.TooLarge}", DiffWriter.Cyan);
        }

        if (change.Note is not null)
        {
            writer.Line($"# {path}: {TerminalText.Escape(change.Note)}", DiffWriter.Cyan);
        }

        if (entry.ContentEscaped)
        {
            writer.Line($"# {path}: holds control or invisible characters, shown escaped (\\xNN, \\uNNNN); this diff does not reproduce them", DiffWriter.BoldYellow);
        }

        var oldPath = change.Rename is { } from ? TerminalText.Escape(from.Path) : path;
        writer.Line($"diff --git a/{oldPath} b/{path}", DiffWriter.Bold);

        switch (change.Kind)
        {
            case ChangeKind.Added when change.Rename is { } rename:
                // as git prints a rename: one change, the two paths and how much of the content is the same
                if (DiffFormat.Mode(rename.Before) != DiffFormat.Mode(change.After!))
                {
                    writer.Line($"old mode {DiffFormat.Mode(rename.Before)}", DiffWriter.Bold);
                    writer.Line($"new mode {DiffFormat.Mode(change.After!)}", DiffWriter.Bold);
                }

                writer.Line(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"similarity index {rename.Similarity}%"), DiffWriter.Bold);
                writer.Line($"rename from {oldPath}", DiffWriter.Bold);
                writer.Line($"rename to {path}", DiffWriter.Bold);
                break;
            case ChangeKind.Added:
                writer.Line($"new {DescribeType(change.After!)} mode {DiffFormat.Mode(change.After!)}", DiffWriter.Bold);
                break;
            case ChangeKind.Deleted:
                writer.Line($"deleted {DescribeType(change.Before!)} mode {DiffFormat.Mode(change.Before!)}", DiffWriter.Bold);
                break;
            default:
                if (change.ModeChanged)
                {
                    writer.Line($"old mode {DiffFormat.Mode(change.Before!)}", DiffWriter.Bold);
                    writer.Line($"new mode {DiffFormat.Mode(change.After!)}", DiffWriter.Bold);
                }

                break;
        }

        if (entry.Binary)
        {
            var before = change.Before is { Type: EntryType.File } b ? $"{DiffFormat.Size(b.Size)} sha256 {Short(entry.OldHash)}" : "nothing";
            var after = change.After is { Type: EntryType.File } a ? $"{DiffFormat.Size(a.Size)} sha256 {Short(entry.NewHash)}" : "nothing";
            writer.Line($"Binary file: {before} -> {after}");
            return;
        }

        if (entry.Hunks.Count == 0 && entry.YourHunks.Count == 0)
        {
            return;
        }

        if (entry.BothChanged && entry.Start is not null)
        {
            // three-way: each side against the start, so the user's lines read as theirs, not as the agent deleting them
            writer.Line($"--- start/{oldPath}\t(as the session started)", DiffWriter.Bold);
            writer.Line($"+++ yours/{oldPath}\t(the workspace now: your changes)", DiffWriter.Bold);
            RenderHunks(writer, entry.YourHunks);
            if (entry.AgentDeleted)
            {
                return;
            }

            writer.Line($"--- start/{oldPath}\t(as the session started)", DiffWriter.Bold);
            writer.Line($"+++ agent/{path}\t(the agent's: not applied)", DiffWriter.Bold);
        }
        else if (entry.BothChanged)
        {
            writer.Line($"--- yours/{oldPath}\t(the workspace now, with your changes)", DiffWriter.Bold);
            writer.Line(entry.AgentDeleted ? "+++ /dev/null\t(the agent deleted it: not applied)" : $"+++ agent/{path}\t(the agent's: not applied)", DiffWriter.Bold);
        }
        else
        {
            writer.Line(change.Rename is not null ? $"--- a/{oldPath}" : change.Before is null ? "--- /dev/null" : $"--- a/{path}", DiffWriter.Bold);
            writer.Line(change.After is null ? "+++ /dev/null" : $"+++ b/{path}", DiffWriter.Bold);
        }

        RenderHunks(writer, entry.Hunks);
    }

    private static void RenderHunks(DiffWriter writer, IReadOnlyList<DiffHunk> hunks)
    {
        foreach (var hunk in hunks)
        {
            writer.Line(hunk.Header, DiffWriter.Cyan);
            foreach (var line in hunk.Lines)
            {
                var style = line.Op switch { '+' => DiffWriter.Green, '-' => DiffWriter.Red, _ => null };
                if (line.Text.EndsWith(DiffLineChunker.NoNewline, StringComparison.Ordinal))
                {
                    writer.Line(line.Op + line.Text[..^DiffLineChunker.NoNewline.Length], style);
                    writer.Line(DiffLineChunker.NoNewline[1..]);
                }
                else
                {
                    writer.Line(line.Op + line.Text, style);
                }
            }
        }
    }

    private static string BothChangedNote(DiffEntry entry, string path) => (entry.AgentDeleted, entry.Start is not null) switch
    {
        (false, var known) when entry.Change.Rename is { } from => $"# {path}: you changed {TerminalText.Escape(from.Path)} and the agent renamed it here; "
            + (known ? $"each is shown against the file as the session started ({StartSource(entry.Start!)})" : "the start is not known, so yours is shown against the agent's: a '-' line is in yours only"),
        (false, true) => $"# {path}: you and the agent both changed it; each is shown against the file as the session started ({StartSource(entry.Start!)})",
        (false, false) => $"# {path}: you and the agent both changed it, and the file as the session started is not known (not git HEAD's), so yours is shown against the agent's: a '-' line is in yours only (your edit, or a line the agent removed)",
        (true, true) => $"# {path}: you changed it and the agent deleted it; your changes are shown against the file as the session started ({StartSource(entry.Start!)})",
        (true, false) => $"# {path}: you changed it and the agent deleted it; the '-' lines are your file as it is now, your changes among them",
    };

    private static string StartSource(StartContent start) =>
        start.Source == StartContent.Kept ? "kept when it started" : "git HEAD: the same content";

    /// <summary>git says "file" for symlinks too (mode 120000 tells them apart).</summary>
    private static string DescribeType(EntryState state) => state.Type is EntryType.File or EntryType.Symlink ? "file" : DiffFormat.Type(state.Type);

    private static string Short(string? hash) => hash is null ? "?" : ContentHash.Short(hash);
}
