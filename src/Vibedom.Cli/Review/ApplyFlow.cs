using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Core;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;

namespace Vibedom.Cli.Review;

/// <summary>
/// Applies a session's changes: with <c>--yes</c> all of them (or the chosen paths); on a terminal, file by
/// file (yes / no / all / quit / diff). Conflicts are shown and never applied. Returns the exit code:
/// 0, 4 when something conflicted, 5 when the user quit before choosing anything, 1 when a write failed.
/// </summary>
internal sealed class ApplyFlow(CliContext context)
{
    private const int ProgressThreshold = 200;

    public int Run(SessionWorkspace workspace, IReadOnlyList<WorkspaceChange> changes, bool yes, CancellationToken cancellationToken)
    {
        var writer = DiffWriter.For(context.Console);
        if (changes.Count == 0)
        {
            writer.Line($"nothing to apply in session {workspace.Session.Id}");
            return ExitCodes.Ok;
        }

        var conflicts = workspace.FindConflicts(changes);
        var entries = DiffBuilder.Build(changes, conflicts);
        IReadOnlyList<WorkspaceChange> chosen;
        if (yes)
        {
            chosen = changes;
        }
        else
        {
            DiffRenderer.RenderWarnings(writer, entries);
            var picked = Ask(writer, entries, out var quit);
            if (picked.Count == 0)
            {
                writer.Line("nothing applied");
                return quit ? ExitCodes.Cancelled : ExitCodes.Ok;
            }

            chosen = WithImpliedDirectories(changes, picked);
        }

        var outcome = chosen.Count >= ProgressThreshold && context.Interactive
            ? context.Console.Status().Start($"applying {chosen.Count} changes...", _ => workspace.Apply(chosen, cancellationToken))
            : workspace.Apply(chosen, cancellationToken);
        Report(writer, workspace, outcome);
        if (outcome.Error is not null)
        {
            context.Error.WriteLine($"vibedom: {outcome.Error}");
            return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Error;
        }

        return outcome.Conflicts.Count > 0 ? ExitCodes.ApplyConflict : ExitCodes.Ok;
    }

    private List<WorkspaceChange> Ask(DiffWriter writer, IReadOnlyList<DiffEntry> entries, out bool quit)
    {
        var picked = new List<WorkspaceChange>();
        quit = false;
        var all = false;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var title = $"[{i + 1}/{entries.Count}] {DiffFormat.Kind(entry.Change.Kind)} {entry.Path}{(entry.Risk is null ? string.Empty : "  !!! " + entry.Risk)}";
            if (entry.Conflict is not null)
            {
                writer.Line($"{title}: CONFLICT, {entry.Conflict}; skipped", DiffWriter.BoldYellow);
                continue;
            }

            if (all)
            {
                picked.Add(entry.Change);
                continue;
            }

            while (true)
            {
                writer.Prompt($"{title}  apply? [y]es [n]o [a]ll [q]uit [d]iff: ");
                var answer = context.Keys.Read();
                switch (answer)
                {
                    case null or "q" or "quit":
                        writer.Line(string.Empty);
                        quit = true;
                        return picked;
                    case "y" or "yes":
                        picked.Add(entry.Change);
                        break;
                    case "n" or "no" or "":
                        break;
                    case "a" or "all":
                        all = true;
                        picked.Add(entry.Change);
                        break;
                    case "d" or "diff":
                        DiffRenderer.RenderEntry(writer, entry);
                        continue;
                    default:
                        writer.Line("answer y, n, a, q or d");
                        continue;
                }

                break;
            }
        }

        return picked;
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

    /// <summary>Directories hidden in the listing go with the files chosen under them.</summary>
    private static List<WorkspaceChange> WithImpliedDirectories(IReadOnlyList<WorkspaceChange> changes, List<WorkspaceChange> picked)
    {
        var chosen = picked.ToHashSet();
        var hidden = changes.Except(DiffBuilder.Visible(changes)).ToList();
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
            writer.Line($"applied {DiffBuilder.Visible(outcome.Applied).Count()} change(s) to {workspace.Workspace}; to revert: vibedom undo {workspace.Session.Id}", DiffWriter.Green);
        }

        foreach (var conflict in outcome.Conflicts)
        {
            writer.Line($"not applied: {conflict.Change.Path}: {conflict.Reason}; the agent's version stays in {Path.Combine(workspace.Session.Paths.Changes, conflict.Change.Path)}", DiffWriter.BoldYellow);
        }

        writer.Flush();
    }
}
