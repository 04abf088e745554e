using Vibedom.Cli.Prompts;
using Vibedom.Cli.Rendering;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Review;

/// <summary>The questions: per file, and the one confirmation that flagged changes need after "all".</summary>
internal sealed partial class ApplyFlow
{
    /// <summary>The word that applies flagged changes: typed out, never one keystroke.</summary>
    private const string ConfirmWord = "yes";

    private List<WorkspaceChange> Ask(DiffWriter writer, IReadOnlyList<DiffEntry> entries, List<DiffEntry> skipped, string sessionId, out bool quit)
    {
        var picked = new List<WorkspaceChange>();
        quit = false;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var title = $"[{i + 1}/{entries.Count}] {DiffFormat.Kind(entry.Change)} {entry.Title}{(entry.Risk is null ? string.Empty : "  !!! " + TerminalText.Escape(entry.Risk))}";
            if (entry.Conflict is not null)
            {
                writer.Line($"{title}: CONFLICT, {TerminalText.Escape(entry.Conflict)}; skipped (yours and the agent's: vibedom diff {sessionId} {entry.Shown})", DiffWriter.BoldYellow);
                continue;
            }

            while (true)
            {
                context.Keys.DiscardTypedAhead();
                writer.Prompt($"{title}  apply? [y]es [n]o [a]ll [q]uit [d]iff: ");
                var answer = PromptReader.ReadKey(context, $"cancelled at the apply prompt; nothing was applied (later: vibedom apply {sessionId})");
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
                        TakeAll(writer, entries.Skip(i).Where(e => e.Conflict is null).ToList(), picked, skipped);
                        return picked;
                    case "d" or "diff":
                        DiffRenderer.RenderEntry(writer, DiffBuilder.Full(entry));
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

    /// <summary>"all": the unflagged rest at once; the flagged ones only after one explicit confirmation listing them.</summary>
    private void TakeAll(DiffWriter writer, List<DiffEntry> rest, List<WorkspaceChange> picked, List<DiffEntry> skipped)
    {
        picked.AddRange(rest.Where(e => e.Risk is null).Select(e => e.Change));
        var flagged = rest.Where(e => e.Risk is not null).ToList();
        if (flagged.Count == 0)
        {
            return;
        }

        if (Confirm(writer, flagged))
        {
            picked.AddRange(flagged.Select(e => e.Change));
        }
        else
        {
            skipped.AddRange(flagged);
        }
    }

    /// <summary>Lists the flagged changes and applies them only when the answer is the whole word "yes".</summary>
    private bool Confirm(DiffWriter writer, IReadOnlyList<DiffEntry> flagged)
    {
        writer.Line($"!!! {flagged.Count} of these change(s) can run code on your machine later, outside the sandbox:", DiffWriter.BoldRed);
        foreach (var entry in flagged)
        {
            writer.Line($"!!!   {DiffFormat.Letter(entry.Change)} {entry.Shown}  {TerminalText.Escape(entry.Risk)}", DiffWriter.BoldRed);
        }

        // a "yes" typed (or pasted) before this list was shown must not apply what is on it
        context.Keys.DiscardTypedAhead();
        writer.Prompt($"apply these {flagged.Count} too? type '{ConfirmWord}' to apply them, anything else skips them: ");

        var answer = PromptReader.ReadLine(context, "cancelled at the apply prompt; nothing was applied")?.Trim();
        if (answer is null)
        {
            writer.Line(string.Empty);
        }

        return string.Equals(answer, ConfirmWord, StringComparison.OrdinalIgnoreCase);
    }
}
