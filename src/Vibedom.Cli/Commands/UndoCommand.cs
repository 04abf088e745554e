using System.CommandLine;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core;
using Vibedom.Core.Errors;

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
            var target = SessionTarget.Resolve(context, parse.GetValue(session), []);
            var outcome = target.Workspace.Undo() ?? throw VibedomException.Failed($"nothing to undo in session {target.Workspace.Session.Id}");
            var writer = DiffWriter.For(context.Console);
            writer.Line($"undid apply {outcome.JournalNumber} of session {target.Workspace.Session.Id}: {outcome.Listed} change(s) reverted");
            foreach (var (path, reason) in outcome.Conflicts)
            {
                writer.Line($"left alone: {TerminalText.Escape(path)}: {TerminalText.Escape(reason)}", DiffWriter.BoldYellow);
            }

            writer.Flush();
            return Task.FromResult(outcome.Conflicts.Count > 0 ? ExitCodes.ApplyConflict : ExitCodes.Ok);
        });
    }
}
