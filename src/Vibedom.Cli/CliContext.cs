using Spectre.Console;
using Vibedom.Core.Home;

namespace Vibedom.Cli;

/// <summary>What every command gets injected: where to write, where vibedom lives, the clock.</summary>
internal sealed record CliContext(IAnsiConsole Console, TextWriter Error, TextReader Input, VibedomHome Home, TimeProvider Time)
{
    /// <summary>True when a person is at a terminal (prompts and progress are allowed).</summary>
    public bool Interactive { get; init; }

    public static CliContext FromProcess()
    {
        var interactive = !System.Console.IsInputRedirected && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Console;
        if (System.Console.IsOutputRedirected)
        {
            // redirected output is for programs and files: never wrap lines (a public key must stay one line)
            console.Profile.Width = 100_000;
        }

        return new CliContext(console, System.Console.Error, System.Console.In, VibedomHome.FromEnvironment(), TimeProvider.System)
        {
            Interactive = interactive,
        };
    }
}
