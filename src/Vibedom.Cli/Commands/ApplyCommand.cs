using System.CommandLine;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core.Errors;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom apply [SESSION] [--yes] [PATH...]</c>: copy the agent's changes into the workspace, file by file.</summary>
internal sealed class ApplyCommand : Command
{
    public ApplyCommand(CliContext context)
        : base("apply", "Apply the agent's changes to the workspace: asks per file on a terminal, or all with --yes (flagged changes that can run code later only with --include-risky). Never overwrites your own edits (exit 4); 'vibedom undo' reverts.")
    {
        var session = SessionTarget.SessionArgument();
        var paths = SessionTarget.PathsArgument("apply");
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply every change (or every change under PATH) without asking, except the flagged ones that can run code later: those are skipped and listed" };
        var includeRisky = new Option<bool>("--include-risky") { Description = "With --yes: apply the flagged changes too (git hooks and config, CI, editor tasks, MCP configs, ...)" };
        Add(session);
        Add(paths);
        Add(yes);
        Add(includeRisky);
        Validators.Add(result =>
        {
            if (result.GetValue(includeRisky) && !result.GetValue(yes))
            {
                result.AddError("--include-risky needs --yes (at a terminal, flagged changes are confirmed one by one or after [a]ll)");
            }
        });
        SetAction((parse, cancellationToken) =>
        {
            var assumeYes = parse.GetValue(yes);
            if (!assumeYes && !context.Interactive)
            {
                throw VibedomException.Usage("apply asks per file, which needs a terminal; pass --yes to apply everything (or the given paths)");
            }

            var target = SessionTarget.Resolve(context, parse.GetValue(session), parse.GetValue(paths) ?? [], cancellationToken);
            var set = target.Workspace.ReadChanges(cancellationToken);
            NameUnmatched(context, target, set);
            var changes = ApplyFlow.WithNewParents(set.Changes, set.Select(target.Paths));
            return Task.FromResult(new ApplyFlow(context).Run(target.Workspace, changes, ChangeRisks.Assess(set.Workspace, set.Changes), assumeYes, parse.GetValue(includeRisky) ? RiskyChanges.Include : RiskyChanges.Skip, cancellationToken));
        });
    }

    /// <summary>
    /// Names each PATH that selects no change, as diff does. One that is not in the workspace either is a typo: a usage
    /// error (exit 2) before anything is applied. One that is there is only unchanged (applied already, say): named, and
    /// the other paths are applied.
    /// </summary>
    private static void NameUnmatched(CliContext context, SessionTarget target, ChangeSet set)
    {
        var id = target.Workspace.Session.Id;
        var unmatched = target.Paths.Where(p => p.Length > 0 && set.Select([p]).Count == 0).ToList();
        if (unmatched.FirstOrDefault(p => FileStat.Of(Path.Combine(set.Workspace, p)) is null) is { } typo)
        {
            throw VibedomException.Usage($"'{typo}' is neither a change of session {id} nor a path in its workspace {set.Workspace}; nothing was applied ('vibedom diff --stat' lists the changes)");
        }

        var writer = DiffWriter.For(context.Console);
        foreach (var path in unmatched)
        {
            writer.Line($"no changes in session {id} under {TerminalText.Escape(path)}");
        }
    }
}
