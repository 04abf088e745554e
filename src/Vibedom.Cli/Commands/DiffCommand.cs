using System.CommandLine;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom diff [SESSION] [--stat | --json] [PATH...]</c>: what the agent changed, not yet applied.</summary>
internal sealed class DiffCommand : Command
{
    public DiffCommand(CliContext context)
        : base("diff", "Show what the agent changed (not applied yet). Changes that run code later are flagged first. At a terminal a long diff goes through $PAGER (default: less -R).")
    {
        var session = SessionTarget.SessionArgument();
        var paths = SessionTarget.PathsArgument("show");
        var stat = new Option<bool>("--stat") { Description = "One line per changed path, then a summary" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output (stable shape, see docs)" };
        Add(session);
        Add(paths);
        Add(stat);
        Add(json);
        Validators.Add(result =>
        {
            if (result.GetValue(stat) && result.GetValue(json))
            {
                result.AddError("--stat and --json cannot be combined");
            }
        });
        SetAction(async (parse, cancellationToken) =>
        {
            var target = SessionTarget.Resolve(context, parse.GetValue(session), parse.GetValue(paths) ?? [], cancellationToken);
            var set = target.Workspace.ReadChanges(cancellationToken);
            var changes = set.Select(target.Paths);
            var conflicts = target.Workspace.FindConflicts(changes);
            var full = !parse.GetValue(json) && !parse.GetValue(stat);
            // the full diff lists shallow entries and builds one file's hunks at a time, as it writes them
            var entries = DiffBuilder.Build(changes, conflicts, ChangeRisks.Assess(set.Workspace, set.Changes), full ? DiffDepth.Flags : DiffDepth.Counts, target.Workspace.StartText);
            var writer = DiffWriter.For(context.Console);
            if (parse.GetValue(json))
            {
                context.Console.Profile.Out.Writer.Write(DiffJsonWriter.Write(target.Workspace.Session.Id, target.Workspace.Workspace, entries) + "\n");
                context.Console.Profile.Out.Writer.Flush();
            }
            else if (parse.GetValue(stat))
            {
                DiffStatRenderer.Render(writer, entries);
            }
            else if (entries.Count == 0)
            {
                writer.Line($"no changes in session {target.Workspace.Session.Id}{(target.Paths.Count > 0 ? " under " + string.Join(", ", target.Paths.Select(TerminalText.Escape)) : string.Empty)}");
            }
            else
            {
                // written file by file, to the console or (for $PAGER at a terminal) to a file: never held whole
                var title = $"{target.Workspace.Session.Record.Name}-{target.Workspace.Session.Id}";
                await Pager.ShowAsync(context, title, output => DiffRenderer.Render(new DiffWriter(output, writer.Color), entries), cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
    }
}
