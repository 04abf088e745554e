using System.Globalization;
using Vibedom.Cli.Prompts;
using Vibedom.Cli.Rendering;
using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Commands;

/// <summary>
/// <c>vibedom sessions --prune [--older-than 7d] [--yes]</c>: removes ended sessions whose changes were applied or
/// discarded (or that had none); one with unapplied changes is removed only when the user says so at a terminal,
/// or with --yes. Running sessions are never touched.
/// </summary>
internal static class SessionsPrune
{
    public static int Run(CliContext context, string? olderThan, bool yes)
    {
        var age = ParseAge(olderThan);
        var pruner = context.Sessions.Pruner();
        foreach (var problem in pruner.RemoveLeftovers())
        {
            context.Error.WriteLine($"vibedom: {problem}");
        }

        int removed = 0, kept = 0;
        foreach (var (session, unapplied) in pruner.Candidates(age))
        {
            if (unapplied.Changes != 0 && !yes && !Confirm(context, session, unapplied, removed))
            {
                kept++;
                if (!context.Interactive)
                {
                    // nobody was asked: say which ones stay and why, so the hint below names something
                    context.Console.Profile.Out.Writer.WriteLine($"kept {session.Id} ({TerminalText.Escape(session.Record.Name)}, {TerminalText.Escape(session.Record.Workspace)}): {Unapplied(unapplied)}");
                }

                continue;
            }

            if (pruner.Remove(session, out var why))
            {
                removed++;
                context.Console.Profile.Out.Writer.WriteLine($"removed {session.Id} ({TerminalText.Escape(session.Record.Name)}, {session.Record.State.ToString().ToLowerInvariant()})");
            }
            else
            {
                kept++;
                context.Error.WriteLine($"vibedom: kept {session.Id}: {why}");
            }
        }

        var writer = context.Console.Profile.Out.Writer;
        writer.WriteLine($"pruned {removed} session(s){(kept > 0 ? $"; kept {kept}" : string.Empty)}");
        if (kept > 0 && !yes && !context.Interactive)
        {
            writer.WriteLine("sessions with unapplied changes are kept: review them ('vibedom diff SESSION'), or add --yes to remove them too");
        }

        var (running, recent) = pruner.LeftAlone(age);
        if (running > 0)
        {
            writer.WriteLine($"left {running} running session(s): prune removes only ended ones ('vibedom stop SESSION' ends one)");
        }

        if (recent > 0)
        {
            writer.WriteLine($"left {recent} session(s) that ended less than {olderThan} ago (--older-than)");
        }

        writer.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>A duration such as 30m, 12h, 7d or 2w (0 = every ended session).</summary>
    internal static TimeSpan ParseAge(string? text)
    {
        if (text is null)
        {
            return TimeSpan.Zero;
        }

        var unit = text.Length > 1 ? text[^1] : ' ';
        if (!int.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000)
        {
            unit = ' ';
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            _ => throw VibedomException.Usage($"--older-than '{text}': give a number and a unit, such as 30m, 12h, 7d or 2w"),
        };
    }

    private static string Unapplied(ChangeCount count) =>
        count.Changes < 0 ? "changes that could not be read" : $"{count.Changes} unapplied change(s){SessionRow.NotCompared(count)}";

    private static bool Confirm(CliContext context, Session session, ChangeCount unapplied, int removed)
    {
        if (!context.Interactive)
        {
            return false;
        }

        var what = Unapplied(unapplied);
        var writer = context.Console.Profile.Out.Writer;
        while (true)
        {
            // a "y" typed (or pasted) before this question was shown must not remove unapplied changes
            context.Keys.DiscardTypedAhead();
            writer.Write($"{session.Id} ({TerminalText.Escape(session.Record.Name)}, {TerminalText.Escape(session.Record.Workspace)}) has {what}; remove it anyway? [y/N] ");
            writer.Flush();
            // Ctrl-C here is a cancel (exit 5) like at every other prompt: what was removed before it stays removed
            switch (PromptReader.ReadKey(context, $"cancelled at the prune prompt; {removed} session(s) removed before it, the rest kept"))
            {
                case "y" or "yes":
                    return true;
                case null or "" or "n" or "no":
                    return false;
                default:
                    writer.WriteLine("answer y or n");
                    break;
            }
        }
    }
}
