using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes;
using Vibedom.Core.Sessions;

namespace Vibedom.Cli;

/// <summary>What every command gets injected: where to write, where vibedom lives, the clock, the runtime catalog.</summary>
internal sealed record CliContext(IAnsiConsole Console, TextWriter Error, TextReader Input, VibedomHome Home, TimeProvider Time)
{
    /// <summary>True when a person is at a terminal (prompts and progress are allowed).</summary>
    public bool Interactive { get; init; }

    /// <summary>True when one-letter prompts can take a key without Enter (stdin and stdout are a terminal).</summary>
    public bool SingleKey { get; init; }

    /// <summary>Reads the answers to one-letter prompts (one instance: it remembers a key typed before its Enter).</summary>
    public KeyPrompt Keys => field ??= new KeyPrompt(Input, Console, SingleKey);

    /// <summary>The one registry of sandbox runtimes (made on first use).</summary>
    public IRuntimeCatalog Runtimes
    {
        get => field ??= new RuntimeCatalog(Home, Time);
        init;
    }
    /// <summary>Core's session service: every lookup reconciles first; its notices go to stderr as one line each.</summary>
    public SessionService Sessions => field ??= new SessionService(Home, Time, Runtimes, Commands.SessionArgument.Notice(this));

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
            SingleKey = interactive,
        };
    }
}
