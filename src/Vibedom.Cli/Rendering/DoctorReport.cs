using Spectre.Console;
using Vibedom.Core.Sandbox;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// <c>vibedom doctor</c>'s checks: a table at a terminal (sized to it); redirected, one plain line per check
/// (<c>ok</c> or <c>FAIL</c>, the check, its finding and the fix), because a table sized for no terminal pads
/// every row to its longest fix and <c>grep</c> then finds a fix on a row of its own.
/// </summary>
internal static class DoctorReport
{
    public static void Write(IAnsiConsole console, IReadOnlyList<PrerequisiteCheck> checks)
    {
        if (console.Profile.Out.IsTerminal)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("", "CHECK", "FINDING", "FIX");
            foreach (var check in checks)
            {
                table.AddRow(
                    check.Ok ? "[green]ok[/]" : "[red]FAIL[/]",
                    TerminalText.Markup(check.Name),
                    TerminalText.Markup(check.Detail),
                    TerminalText.Markup(check.Fix ?? string.Empty));
            }

            console.Write(table);
        }
        else
        {
            var writer = console.Profile.Out.Writer;
            foreach (var check in checks)
            {
                var fix = string.IsNullOrEmpty(check.Fix) ? string.Empty : $"; fix: {TerminalText.Escape(check.Fix)}";
                writer.WriteLine($"{(check.Ok ? "ok  " : "FAIL")}  {TerminalText.Escape(check.Name)}: {TerminalText.Escape(check.Detail)}{fix}");
            }

            writer.Flush();
        }

        var failed = checks.Count(c => !c.Ok);
        console.MarkupLine(failed == 0 ? "[green]Everything vibedom needs is in place.[/]" : $"[red]{failed} problem(s)[/]: run the fixes above, then 'vibedom doctor' again.");
    }
}
