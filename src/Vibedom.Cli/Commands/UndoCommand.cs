using System.CommandLine;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom undo [SESSION]</c>: restore what the last apply of the session changed, byte for byte.</summary>
internal sealed class UndoCommand : Command
{
    public UndoCommand(CliContext context)
        : base("undo", "Restore the workspace as it was before the last apply of the session (files, deletions, modes); the changes become reviewable again.")
    {
        var session = SessionTarget.SessionArgument();
        Add(session);
        SetAction((parse, cancellationToken) =>
        {
            var workspace = SessionTarget.ResolveWhole(context, parse.GetValue(session), "undo", "reverts the session's whole last apply");
            var writer = DiffWriter.For(context.Console);
            var id = workspace.Session.Id;
            if (workspace.Undo() is not { } outcome)
            {
                // the state undo brings about (no apply of the session in effect) already holds: done, as `apt-get
                // remove` of a package that is not installed; a script tells it by the line, not by a failure
                writer.Line($"nothing to undo: no apply of session {id} is in effect (its changes: vibedom diff {id})");
                writer.Flush();
                return Task.FromResult(ExitCodes.Ok);
            }

            writer.Line($"undid apply {outcome.JournalNumber} of session {id}: {outcome.Listed} change(s) reverted");
            foreach (var (path, reason) in outcome.Conflicts)
            {
                writer.Line($"left alone: {TerminalText.Escape(path)}: {TerminalText.Escape(reason)}", DiffWriter.BoldYellow);
            }

            writer.Flush();
            return Task.FromResult(outcome.Conflicts.Count > 0 ? ExitCodes.ApplyConflict : ExitCodes.Ok);
        });
    }
}
