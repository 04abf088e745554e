using System.CommandLine;
using Vibedom.Cli.Prompts;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core;
using Vibedom.Core.Errors;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom discard [SESSION] [--yes]</c>: drop the changes not applied yet.</summary>
internal sealed class DiscardCommand : Command
{
    public DiscardCommand(CliContext context)
        : base("discard", "Drop the session's changes that were not applied (asks unless --yes). Applied ones stay; 'vibedom undo' reverts those.")
    {
        var session = SessionTarget.SessionArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask" };
        Add(session);
        Add(yes);
        SetAction((parse, cancellationToken) =>
        {
            var workspace = SessionTarget.ResolveWhole(context, parse.GetValue(session), "discard", "drops every change of the session not applied yet (to keep some, apply them first: vibedom apply PATH...)");
            var id = workspace.Session.Id;
            var writer = DiffWriter.For(context.Console);
            var count = DiffBuilder.Visible(workspace.ReadChanges(cancellationToken).Changes).Count();
            if (count == 0)
            {
                writer.Line($"nothing to discard in session {id}");
                return Task.FromResult(ExitCodes.Ok);
            }

            if (!parse.GetValue(yes))
            {
                if (!context.Interactive)
                {
                    throw VibedomException.Usage("discard asks for confirmation, which needs a terminal; pass --yes");
                }

                writer.Prompt($"discard {count} change(s) of session {id}? This cannot be undone. [y/N] ");
                var answer = PromptReader.ReadKey(context, "cancelled; nothing was discarded");
                if (answer is not ("y" or "yes"))
                {
                    writer.Line("nothing discarded");
                    return Task.FromResult(ExitCodes.Cancelled);
                }
            }

            workspace.Discard(cancellationToken);
            writer.Line($"discarded {count} change(s) of session {id}");
            return Task.FromResult(ExitCodes.Ok);
        });
    }
}
