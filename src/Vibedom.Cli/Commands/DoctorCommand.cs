using System.CommandLine;
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

            DoctorReport.Write(context.Console, checks);
            return checks.All(c => c.Ok) ? ExitCodes.Ok : ExitCodes.RuntimeUnavailable;
        });
    }
}
