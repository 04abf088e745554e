using System.CommandLine;
using Spectre.Console;
using Vibedom.Core;
using Vibedom.Core.Sandbox;
using Vibedom.Cli.Rendering;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom doctor</c>: checks every prerequisite and prints the exact fix for each failure.</summary>
internal sealed class DoctorCommand : Command
{
    public DoctorCommand(CliContext context)
        : base("doctor", "Check prerequisites (bubblewrap, user namespaces, overlayfs, AppArmor, config, allowlist, rules, resource limits) and print the exact fix for each failure.")
    {
        SetAction(async (_, cancellationToken) =>
        {
            var checks = new List<PrerequisiteCheck>();
            checks.AddRange(HomeChecks.Run(context.Home));
            foreach (var runtime in context.Runtimes.All)
            {
                checks.AddRange(await runtime.CheckPrerequisitesAsync(cancellationToken).ConfigureAwait(false));
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("", "CHECK", "FINDING", "FIX");
            foreach (var check in checks)
            {
                table.AddRow(
                    check.Ok ? "[green]ok[/]" : "[red]FAIL[/]",
                    TerminalText.Markup(check.Name),
                    TerminalText.Markup(check.Detail),
                    TerminalText.Markup(check.Fix ?? string.Empty));
            }

            context.Console.Write(table);
            var failed = checks.Count(c => !c.Ok);
            context.Console.MarkupLine(failed == 0 ? "[green]Everything vibedom needs is in place.[/]" : $"[red]{failed} problem(s)[/]: run the fixes above, then 'vibedom doctor' again.");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.RuntimeUnavailable;
        });
    }
}
