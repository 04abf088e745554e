using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom sessions [--json] | --prune [--older-than AGE] [--yes]</c>: list sessions, or remove ended ones.</summary>
internal sealed class SessionsCommand : Command
{
    private readonly Option<bool> _json = new("--json") { Description = "Print a JSON array (stable; see docs/ARCHITECTURE.md)." };
    private readonly Option<bool> _prune = new("--prune") { Description = "Remove ended sessions whose changes were applied or discarded (or that had none); asks about ones with unapplied changes. Never running ones." };
    private readonly Option<string?> _olderThan = new("--older-than") { Description = "With --prune: only sessions that ended at least this long ago (30m, 12h, 7d, 2w).", HelpName = "AGE" };
    private readonly Option<bool> _yes = new("--yes", "-y") { Description = "With --prune: remove sessions with unapplied changes too, without asking." };

    public SessionsCommand(CliContext context)
        : base("sessions", "List sessions: id, name, workspace, state, changes, age; --prune removes ended ones.")
    {
        Add(_json);
        Add(_prune);
        Add(_olderThan);
        Add(_yes);
        Validators.Add(result =>
        {
            if (!result.GetValue(_prune) && (result.GetValue(_olderThan) is not null || result.GetValue(_yes)))
            {
                result.AddError("--older-than and --yes go with --prune");
            }

            if (result.GetValue(_prune) && result.GetValue(_json))
            {
                result.AddError("--prune and --json cannot be combined");
            }
        });
        SetAction(parse =>
        {
            if (parse.GetValue(_prune))
            {
                return SessionsPrune.Run(context, parse.GetValue(_olderThan), parse.GetValue(_yes));
            }

            var sessions = context.Sessions.List();
            var budget = ComparisonBudget.ForListing(); // for the whole listing: the agent decides what comparing costs
            var rows = sessions.Select(s => SessionRow.From(s, context.Time, budget)).ToList();
            if (parse.GetValue(_json))
            {
                context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(rows, CliJsonContext.Default.ListSessionRow));
                return 0;
            }

            if (rows.Count == 0)
            {
                context.Console.MarkupLine("No sessions yet. Start one with [bold]vibedom run WORKSPACE[/].");
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("ID", "NAME", "WORKSPACE", "STATE", "CHANGES", "AGE");
            foreach (var row in rows)
            {
                table.AddRow(
                    TerminalText.Markup(row.Id), TerminalText.Markup(row.Name), TerminalText.Markup(row.Workspace),
                    StateMarkup(row.State), row.ChangesColumn(), Age.Format(row.AgeSeconds));
            }

            context.Console.Write(table);
            return 0;
        });
    }

    private static string StateMarkup(string state) => state switch
    {
        "running" => "[green]running[/]",
        "dead" => "[red]dead[/]",
        "exited" => "[yellow]exited[/]",
        "partly-applied" => "[yellow]partly-applied[/]",
        _ => TerminalText.Markup(state),
    };
}
