using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Core;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;

namespace Vibedom.Cli.Review;

/// <summary>
/// Applies a session's changes: with <c>--yes</c> all of them (or the chosen paths); on a terminal, file by
/// file (yes / no / all / quit / diff). Conflicts are shown and never applied. Changes that run code later
/// are never applied by one keystroke: <c>[a]ll</c> asks once more for them (typing <c>yes</c>) and
/// <c>--yes</c> skips them, saying which, unless <see cref="RiskyChanges.Include"/>. Returns the exit code:
/// 0 (also when flagged changes were skipped), 4 when something conflicted, 5 when the user quit before
/// choosing anything, 1 when a write failed.
/// </summary>
internal sealed partial class ApplyFlow(CliContext context)
{
    private const int ProgressThreshold = 200;

    public int Run(SessionWorkspace workspace, IReadOnlyList<WorkspaceChange> changes, ChangeRisks risks, bool yes, RiskyChanges risky, CancellationToken cancellationToken)
    {
        var writer = DiffWriter.For(context.Console);
        if (changes.Count == 0)
        {
            writer.Line($"nothing to apply in session {workspace.Session.Id}");
            return ExitCodes.Ok;
        }

        var conflicts = workspace.FindConflicts(changes);
        // no hunks: a file's diff is built only when it is shown ([d]iff)
        var entries = DiffBuilder.Build(changes, conflicts, risks, DiffDepth.Flags);
        IReadOnlyList<WorkspaceChange> chosen;
        var skipped = new List<DiffEntry>();
        IReadOnlyList<ApplyConflict> skippedConflicts = [];
        if (yes)
        {
            chosen = changes;
            if (risky != RiskyChanges.Include && entries.Any(e => e.Risk is not null && e.Conflict is null))
            {
                var flagged = entries.Where(e => e.Risk is not null && e.Conflict is null).ToList();
                if (risky == RiskyChanges.Skip || !Confirm(writer, flagged))
                {
                    skipped = flagged;
                    chosen = WithoutFlagged(changes, risks, flagged);
                }
            }
        }
        else
        {
            DiffRenderer.RenderWarnings(writer, entries);
            var picked = Ask(writer, entries, skipped, workspace.Session.Id, out var quit);

            // conflicts are skipped at the prompt; they end the same way as with --yes: listed, exit 4
            skippedConflicts = conflicts.Where(c => entries.Any(e => e.Change == c.Change)).ToList();
            if (picked.Count == 0)
            {
                ReportSkipped(writer, workspace, skipped);
                writer.Line("nothing applied");
                Report(writer, workspace, new ApplyOutcome([], skippedConflicts, null));
                return quit ? ExitCodes.Cancelled : skippedConflicts.Count > 0 ? ExitCodes.ApplyConflict : ExitCodes.Ok;
            }

            chosen = WithImpliedDirectories(changes, picked);
        }

        var outcome = chosen.Count == 0 ? new ApplyOutcome([], [], null)
            : chosen.Count >= ProgressThreshold && context.Interactive
            ? context.Console.Status().Start($"applying {chosen.Count} changes...", _ => workspace.Apply(chosen, cancellationToken))
            : workspace.Apply(chosen, cancellationToken);
        Report(writer, workspace, outcome with { Conflicts = [.. skippedConflicts, .. outcome.Conflicts] });
        ReportSkipped(writer, workspace, skipped);
        if (outcome.Error is not null)
        {
            context.Error.WriteLine($"vibedom: {TerminalText.Escape(outcome.Error)}");
            return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Error;
        }

        return outcome.Conflicts.Count + skippedConflicts.Count > 0 ? ExitCodes.ApplyConflict : ExitCodes.Ok;
    }

    /// <summary>Adds the agent's new folders above the selected paths (so they get the agent's mode), in change-set order.</summary>
    public static IReadOnlyList<WorkspaceChange> WithNewParents(IReadOnlyList<WorkspaceChange> all, IReadOnlyList<WorkspaceChange> selected)
    {
        if (selected.Count == all.Count)
        {
            return selected;
        }

        var chosen = selected.ToHashSet();
        foreach (var directory in all.Where(c => c.Kind == ChangeKind.Added && c.Type == EntryType.Directory && !chosen.Contains(c)))
        {
            if (selected.Any(c => c.Path.StartsWith(directory.Path + "/", StringComparison.Ordinal)))
            {
                chosen.Add(directory);
            }
        }

        return all.Where(chosen.Contains).ToList();
    }

    /// <summary>
    /// The changes without the flagged ones (by path or by their entry: a script shown as binary), and without the deletion of a folder that holds a flagged one
    /// (the folder stays because something in it stays). New folders above what remains are created plainly.
    /// </summary>
    private static List<WorkspaceChange> WithoutFlagged(IReadOnlyList<WorkspaceChange> changes, ChangeRisks risks, List<DiffEntry> entries)
    {
        var flagged = changes.Where(c => risks.Reason(c) is not null).Select(c => c.Path).Union(entries.Select(e => e.Path), StringComparer.Ordinal).ToList();
        var left = flagged.ToHashSet(StringComparer.Ordinal);
        // a flagged rename stays whole: its deletion is left out with it
        left.UnionWith(changes.Where(c => c.RenamedTo is { } to && left.Contains(to)).Select(c => c.Path));
        return changes.Where(c => !left.Contains(c.Path) &&
            !(c.Kind == ChangeKind.Deleted && c.Type == EntryType.Directory && flagged.Any(f => f.StartsWith(c.Path + "/", StringComparison.Ordinal))))
            .ToList();
    }

    /// <summary>Directories hidden in the listing go with the files chosen under them.</summary>
    private static List<WorkspaceChange> WithImpliedDirectories(IReadOnlyList<WorkspaceChange> changes, List<WorkspaceChange> picked)
    {
        var chosen = picked.ToHashSet();
        var renamed = picked.Where(c => c.Rename is not null).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        chosen.UnionWith(changes.Where(c => c.RenamedTo is { } to && renamed.Contains(to))); // a rename's deletion goes with it
        // a rename's deletion is hidden too, but it is no folder: it went with its rename above, or stays
        var hidden = changes.Except(DiffBuilder.Visible(changes)).Where(c => c.Type == EntryType.Directory).ToList();
        foreach (var directory in hidden)
        {
            var below = changes.Where(c => c.Path.StartsWith(directory.Path + "/", StringComparison.Ordinal)).ToList();
            var take = directory.Kind == ChangeKind.Deleted ? below.All(chosen.Contains) : below.Any(chosen.Contains);
            if (take)
            {
                chosen.Add(directory);
            }
        }

        return changes.Where(chosen.Contains).ToList();
    }

    private static void Report(DiffWriter writer, SessionWorkspace workspace, ApplyOutcome outcome)
    {
        if (outcome.Applied.Count > 0)
        {
            writer.Line($"applied {DiffBuilder.Visible(outcome.Applied).Count()} change(s) to {TerminalText.Escape(workspace.Workspace)}; to revert: vibedom undo {workspace.Session.Id}", DiffWriter.Green);
        }

        foreach (var change in outcome.Applied.Where(c => c.After is { } after && AppliedMode.Strips(after)))
        {
            writer.Line($"applied without its setuid/setgid/sticky bit (vibedom never applies those): {TerminalText.Escape(change.Path)}", DiffWriter.BoldYellow);
        }

        foreach (var conflict in outcome.Conflicts)
        {
            var path = TerminalText.Escape(conflict.Change.Path);
            // a deletion has no version of the agent's to point at (its whiteout may be a folder's opaque mark)
            var kept = conflict.Change.Kind == ChangeKind.Deleted
                ? $"the agent deleted it; your file stays (the deletion stays in the session: vibedom diff {workspace.Session.Id} {path})"
                : $"the agent's version stays in {TerminalText.Escape(Path.Combine(workspace.Session.Paths.Changes, conflict.Change.Path))}";
            writer.Line($"not applied: {path}: {TerminalText.Escape(conflict.Reason)}; {kept}", DiffWriter.BoldYellow);
        }

        writer.Flush();
    }

    /// <summary>Flagged changes left out: each named, and how to apply them.</summary>
    private static void ReportSkipped(DiffWriter writer, SessionWorkspace workspace, List<DiffEntry> skipped)
    {
        if (skipped.Count == 0)
        {
            return;
        }

        writer.Line($"!!! not applied: {skipped.Count} flagged change(s) that can run code on your machine later; they stay in session {workspace.Session.Id}:", DiffWriter.BoldRed);
        foreach (var entry in skipped)
        {
            writer.Line($"!!!   {DiffFormat.Letter(entry.Change)} {entry.Shown}  {TerminalText.Escape(entry.Risk)}", DiffWriter.BoldRed);
        }

        writer.Line($"!!! review them with 'vibedom diff {workspace.Session.Id}'; apply them with 'vibedom apply {workspace.Session.Id}' at a terminal, or add --include-risky to --yes", DiffWriter.BoldRed);
        writer.Flush();
    }
}
