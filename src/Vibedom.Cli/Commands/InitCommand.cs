using System.CommandLine;
using Spectre.Console;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom init</c>: creates ~/.vibedom; idempotent; never overwrites a file the user edited.</summary>
internal sealed class InitCommand : Command
{
    public InitCommand(CliContext context)
        : base("init", "Create ~/.vibedom (config, allowlist, deploy key, local CA). Safe to run again: it never overwrites a file.")
    {
        SetAction(async (_, cancellationToken) =>
        {
            var initializer = new HomeInitializer(context.Home, ProcessRunner.Default);
            var report = await initializer.InitializeAsync(Environment.MachineName, CaFactory.Create(context.Time), cancellationToken).ConfigureAwait(false);
            var console = context.Console;
            if (report.ChangedNothing)
            {
                console.MarkupLineInterpolated($"vibedom is already initialised in [bold]{context.Home.Root}[/]; nothing changed.");
            }
            else
            {
                console.MarkupLineInterpolated($"Initialised [bold]{context.Home.Root}[/]:");
                foreach (var path in report.Created)
                {
                    console.MarkupLineInterpolated($"  [green]created[/] {path}");
                }

                foreach (var path in report.Kept)
                {
                    console.MarkupLineInterpolated($"  [grey]kept[/]    {path}");
                }
            }

            console.WriteLine();
            console.MarkupLine("Deploy key for git over SSH inside sandboxes (its private half never enters them). Add it as a deploy key of each repository the agent may push to ('vibedom key' says where):");
            console.Profile.Out.Writer.WriteLine(initializer.ReadPublicKey());
            return 0;
        });
    }
}
