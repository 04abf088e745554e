using System.CommandLine;
using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core.Sessions;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom stop [SESSION | --all] [--apply | --discard | --keep]</c>: end session(s), then the review.</summary>
internal sealed class StopCommand : Command
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly Argument<string?> _session = SessionArgument.CreateRunning();
    private readonly Option<bool> _all = new("--all") { Description = "Stop every running session." };
    private readonly Option<bool> _apply = new("--apply") { Description = "Apply all changes without asking, as 'apply --yes': flagged changes that can run code later are skipped and listed; conflicts are never overwritten." };
    private readonly Option<bool> _includeRisky = new("--include-risky") { Description = "With --apply: apply the flagged changes too." };
    private readonly Option<bool> _discard = new("--discard") { Description = "Drop all changes without asking." };
    private readonly Option<bool> _keep = new("--keep") { Description = "Keep the changes for a later 'vibedom diff' / 'vibedom apply'." };

    public StopCommand(CliContext context)
        : base("stop", "End a session (or --all), then review its changes: diff and apply prompt unless --apply, --discard or --keep.")
    {
        Add(_session);
        Add(_all);
        Add(_apply);
        Add(_discard);
        Add(_keep);
        Add(_includeRisky);
        Validators.Add(result =>
        {
            if (new[] { result.GetValue(_apply), result.GetValue(_discard), result.GetValue(_keep) }.Count(b => b) > 1)
            {
                result.AddError("choose one of --apply, --discard, --keep");
            }

            if (result.GetValue(_includeRisky) && !result.GetValue(_apply))
            {
                result.AddError("--include-risky needs --apply");
            }

            if (result.GetValue(_all) && result.GetValue(_session) is not null)
            {
                result.AddError("give a SESSION or --all, not both");
            }
        });
        SetAction(async (parse, cancellationToken) =>
        {
            var sessions = parse.GetValue(_all)
                ? context.Sessions.List().Where(s => s.Record.State == SessionState.Running).ToList()
                : [context.Sessions.Resolve(parse.GetValue(_session), Environment.CurrentDirectory, running: true)];
            if (sessions.Count == 0)
            {
                context.Console.MarkupLine("No running sessions.");
                return 0;
            }

            var choice = parse.GetValue(_apply) ? ReviewChoice.Apply
                : parse.GetValue(_discard) ? ReviewChoice.Discard
                : parse.GetValue(_keep) ? ReviewChoice.Keep
                : ReviewChoice.Ask;
            var worst = 0;
            foreach (var session in sessions)
            {
                if (session.Record.State == SessionState.Cancelled)
                {
                    // cancelled before its sandbox started: there is nothing to stop and nothing to review
                    context.Console.MarkupLineInterpolated($"Session [bold]{session.Id}[/] ({TerminalText.Escape(session.Record.Name)}) never ran: it was cancelled before its sandbox started; nothing to stop.");
                    continue;
                }

                var starting = session.Record.State == SessionState.Created;
                var stopped = await context.Sessions.StopAsync(session, Grace, cancellationToken).ConfigureAwait(false);
                session.Reload();
                var state = session.Record.State.ToString().ToLowerInvariant();
                var name = TerminalText.Escape(session.Record.Name);
                if (stopped || starting)
                {
                    context.Console.MarkupLineInterpolated($"{(stopped ? "Stopped" : "Session")} [bold]{session.Id}[/] ({name}): {state}.");
                }
                else
                {
                    // also a session still recorded as running whose sandbox had ended: stop still removes what it left
                    context.Console.MarkupLineInterpolated($"Session [bold]{session.Id}[/] ({name}) had already ended ({state}): nothing to stop.");
                }

                var code = new ReviewFlow(context) { IncludeRisky = parse.GetValue(_includeRisky) }.Run(session, choice, cancellationToken);
                worst = Math.Max(worst, code);
            }

            return worst;
        });
    }
}
