using Vibedom.Cli.Prompts;
using Vibedom.Cli.Rendering;
using Vibedom.Core;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Review;

/// <summary>
/// The review after a session ends (<c>stop</c>, and a foreground <c>run</c>): a one-screen summary of what
/// changed, with what runs code later flagged first, then apply all / file by file / discard / keep.
/// </summary>
internal sealed class ReviewFlow(CliContext context)
{
    /// <summary>At most this many paths in the summary, so it fits one screen; risky ones and conflicts are all listed above it.</summary>
    private const int SummaryLines = 20;

    /// <summary><c>stop --apply --include-risky</c>: the apply choice takes flagged changes too (else it skips them).</summary>
    public bool IncludeRisky { get; init; }

    /// <summary>Prints the summary (<c>diff --stat</c> with warnings); returns how many changes there are.</summary>
    public int PrintSummary(Session session, CancellationToken cancellationToken = default)
    {
        var workspace = new SessionWorkspace(session, context.Time);
        var changes = workspace.ReadChanges(cancellationToken).Changes;
        var writer = DiffWriter.For(context.Console);
        foreach (var limit in session.Record.LimitsReached)
        {
            writer.Line($"session {session.Id}: {limit}", DiffWriter.BoldYellow);
        }

        if (changes.Count == 0)
        {
            writer.Line(NothingPending(session));
            return 0;
        }

        writer.Line($"session {session.Id}: what the agent changed in {TerminalText.Escape(session.Record.Workspace)}", DiffWriter.Bold);
        var entries = DiffBuilder.Build(changes, workspace.FindConflicts(changes), ChangeRisks.Assess(workspace.Workspace, changes), DiffDepth.Counts);
        DiffStatRenderer.Render(writer, entries, limit: SummaryLines, more: $"all of them: vibedom diff --stat {session.Id}");
        return entries.Count;
    }

    /// <summary>
    /// Summary, then the decision: <paramref name="choice"/>, or on a terminal a question (apply all, review
    /// file by file, discard, keep). Without a terminal, Ask keeps the changes for later. Returns the exit code.
    /// </summary>
    public int Run(Session session, ReviewChoice choice, CancellationToken cancellationToken = default)
    {
        var count = PrintSummary(session, cancellationToken);
        if (count == 0)
        {
            return ExitCodes.Ok;
        }

        var writer = DiffWriter.For(context.Console);
        // flagged changes: skipped by --apply (unless --include-risky); confirmed once more when the person chose "apply all"
        var risky = IncludeRisky ? RiskyChanges.Include : RiskyChanges.Skip;
        if (choice == ReviewChoice.Ask)
        {
            risky = RiskyChanges.Confirm;
            choice = context.Interactive ? AskChoice(writer, session.Id, count) : ReviewChoice.Keep;
            if (choice == ReviewChoice.Ask)
            {
                return ReviewFileByFile(session, cancellationToken);
            }
        }

        var workspace = new SessionWorkspace(session, context.Time);
        switch (choice)
        {
            case ReviewChoice.Apply:
                var all = workspace.ReadChanges(cancellationToken).Changes;
                return new ApplyFlow(context).Run(workspace, all, ChangeRisks.Assess(workspace.Workspace, all), yes: true, risky, cancellationToken);
            case ReviewChoice.Discard:
                workspace.Discard(cancellationToken);
                writer.Line($"discarded {count} change(s) of session {session.Id}");
                return ExitCodes.Ok;
            default:
                writer.Line($"changes kept; review later with: vibedom diff {session.Id}; vibedom apply {session.Id}");
                return ExitCodes.Ok;
        }
    }

    /// <summary>Why nothing is left to review: applied, discarded, never ran, or really nothing changed.</summary>
    private static string NothingPending(Session session) => session.Record.State switch
    {
        SessionState.Applied => $"session {session.Id}: its changes were applied to {session.Record.Workspace} (to revert: vibedom undo {session.Id})",
        SessionState.Discarded => $"session {session.Id}: the changes that were not applied were discarded",
        SessionState.Cancelled => $"session {session.Id} never ran: it was cancelled before its sandbox started",
        _ => $"session {session.Id}: the agent changed nothing",
    };

    private int ReviewFileByFile(Session session, CancellationToken cancellationToken)
    {
        var workspace = new SessionWorkspace(session, context.Time);
        var changes = workspace.ReadChanges(cancellationToken).Changes;
        return new ApplyFlow(context).Run(workspace, changes, ChangeRisks.Assess(workspace.Workspace, changes), yes: false, RiskyChanges.Confirm, cancellationToken);
    }

    /// <summary>Ask = file by file. Discard is confirmed as <c>vibedom discard</c> confirms it (no undo); "no" asks again.</summary>
    private ReviewChoice AskChoice(DiffWriter writer, string sessionId, int count)
    {
        while (true)
        {
            context.Keys.DiscardTypedAhead();
            writer.Prompt("[a]pply all, [r]eview file by file, [d]iscard all, [k]eep for later? ");
            switch (PromptReader.ReadKey(context, $"cancelled at the review; the changes are kept (later: vibedom diff {sessionId}; vibedom apply {sessionId})"))
            {
                case "a" or "apply":
                    return ReviewChoice.Apply;
                case "r" or "review":
                    return ReviewChoice.Ask;
                case "d" or "discard" when ConfirmDiscard(writer, sessionId, count):
                    return ReviewChoice.Discard;
                case "d" or "discard":
                    writer.Line("nothing discarded");
                    break;
                case null or "" or "k" or "keep":
                    return ReviewChoice.Keep;
                default:
                    writer.Line("answer a, r, d or k");
                    break;
            }
        }
    }

    private bool ConfirmDiscard(DiffWriter writer, string sessionId, int count)
    {
        // a "y" typed ahead (the "d" pressed twice) must not confirm what cannot be undone
        context.Keys.DiscardTypedAhead();
        writer.Prompt($"discard {count} change(s) of session {sessionId}? This cannot be undone. [y/N] ");
        return PromptReader.ReadKey(context, $"cancelled at the review; the changes are kept (later: vibedom diff {sessionId}; vibedom apply {sessionId})") is "y" or "yes";
    }
}
