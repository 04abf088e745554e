using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Core.Sessions;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom sessions [--json]</c>: id, name, workspace, state, changes, age.</summary>
internal sealed class SessionsCommand : Command
{
    private readonly Option<bool> _json = new("--json") { Description = "Print a JSON array (stable; see docs/ARCHITECTURE.md)." };

    public SessionsCommand(CliContext context)
        : base("sessions", "List sessions: id, name, workspace, state, changes, age.")
    {
        Add(_json);
        SetAction(parse =>
        {
            var sessions = SessionMaintenance.Reconcile(context).List();
            var rows = sessions.Select(s => SessionRow.From(s, context.Time)).ToList();
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
                    StateMarkup(row.State), row.Changes.ToString(System.Globalization.CultureInfo.InvariantCulture), Age.Format(row.AgeSeconds));
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
        _ => TerminalText.Markup(state),
    };
}
