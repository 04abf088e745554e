using System.CommandLine;
using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Pty;
using Vibedom.Core.Sessions.Launch;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom run WORKSPACE [options] [-- COMMAND [ARGS...]]</c>: scan, then run the agent in a sandbox.</summary>
internal sealed class RunCommand : Command
{
    private readonly Argument<string> _workspace = new("WORKSPACE") { Description = "The project folder the agent works on (it sees a copy-on-write view of it)." };
    private readonly Argument<string[]> _command = new("COMMAND") { Description = "The agent and its arguments: everything after -- (or from the first word after WORKSPACE; options go before it). Default: config [run] command, else $SHELL.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _runtime = new("--runtime") { Description = "namespace | docker | podman | apple (default: config, else namespace on Linux)." };
    private readonly Option<bool> _detach = new("--detach", "-d") { Description = "Start and return; use exec, attach and stop later." };
    private readonly Option<bool> _yes = new("--yes", "-y") { Description = "No prompts: accept pre-flight findings below HIGH risk." };
    private readonly Option<bool> _allowHighRisk = new("--allow-high-risk") { Description = "With --yes, also accept HIGH-risk findings." };
    private readonly Option<string?> _name = new("--name") { Description = "Session name (default: the workspace folder's name)." };
    private readonly Option<bool> _hideFlagged = new("--hide-flagged") { Description = "Pre-flight: hide every file with a finding from the agent (unreadable inside) and go on without asking." };
    private readonly Option<bool> _all = new("--all") { Description = "Pre-flight: also scan vendored folders (node_modules, .venv, venv, ...), which are skipped and counted by default." };

    public RunCommand(CliContext context)
        : base("run", "Scan WORKSPACE for secrets, then run COMMAND in a sandbox on a copy-on-write view of it.")
    {
        _runtime.AcceptOnlyFromAmong("namespace", "docker", "podman", "apple");
        Add(_workspace);
        Add(_command);
        Add(_runtime);
        Add(_detach);
        Add(_yes);
        Add(_allowHighRisk);
        Add(_name);
        Add(_all);
        Add(_hideFlagged);
        Validators.Add(result =>
        {
            if (result.GetValue(_allowHighRisk) && !result.GetValue(_yes))
            {
                result.AddError("--allow-high-risk only makes sense with --yes");
            }
        });
        SetAction(async (parse, cancellationToken) =>
        {
            var options = new LaunchOptions(
                parse.GetRequiredValue(_workspace),
                parse.GetValue(_command) ?? [],
                parse.GetValue(_runtime),
                parse.GetValue(_detach),
                parse.GetValue(_yes),
                parse.GetValue(_allowHighRisk),
                parse.GetValue(_name))
            {
                IncludeVendored = parse.GetValue(_all),
                HideFlagged = parse.GetValue(_hideFlagged),
                // any of stdin, stdout, stderr a terminal: a pty of vibedom's takes its place (never the user's terminal inside)
                AtTerminal = context.Interactive || PtyProcessRunner.TerminalStreams() != PtyStreams.None,
            };
            var launcher = new SessionLauncher(context.Home, context.Time, context.Sessions, new CliPreflightReviewer(context), SessionArgument.Notice(context));
            var launched = await launcher.RunAsync(options, cancellationToken).ConfigureAwait(false);
            var session = launched.Session;
            if (launched.Detached)
            {
                context.Console.MarkupLineInterpolated($"Session [bold]{session.Id}[/] ({TerminalText.Escape(session.Record.Name)}) is running in the background.");
                context.Console.MarkupLineInterpolated($"  vibedom attach {session.Id}    vibedom exec {session.Id} -- CMD    vibedom stop {session.Id}");
                return launched.ExitCode;
            }

            // A one-screen summary; on a terminal, the review right away (as `stop` does). The exit
            // status stays the command's (DESIGN §2); the review reports its own outcome on screen.
            session.Reload();
            if (ExitStatusText.Signal(launched.ExitCode) is not null)
            {
                context.Console.WriteLine($"the agent {ExitStatusText.Describe(launched.ExitCode)}");
            }

            new ReviewFlow(context).Run(session, ReviewChoice.Ask, cancellationToken);
            return launched.ExitCode;
        });
    }
}
