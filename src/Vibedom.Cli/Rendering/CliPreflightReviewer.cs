using Vibedom.Core.Sessions.Launch;
using Vibedom.Core.Workspace;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>The pre-flight's user side for Core's launcher: the spinner, the findings table and the prompt, preflight.json.</summary>
internal sealed class CliPreflightReviewer(CliContext context) : IPreflightReviewer
{
    public Task<ScanResult> FollowAsync(string workspace, Func<IProgress<long>?, Task<ScanResult>> scan) =>
        FindingsProgress.FollowAsync(context, workspace, scan);

    public PreflightChoice Review(ScanResult result, bool yes, bool allowHighRisk, bool hideFlagged, string recordPath, string workspace)
    {
        var decision = new PreflightReview(context.Console, context.Input, context.Interactive, context.Keys, paths => GitTracked.Of(workspace, paths))
            .Review(result, yes, allowHighRisk, hideFlagged);
        var hidden = decision == PreflightDecision.Hide ? PreflightReview.Flagged(result) : [];
        FindingsPreflightJson.WriteFile(recordPath, result, decision, hidden);
        return decision == PreflightDecision.Cancel ? PreflightChoice.Cancel : new PreflightChoice(true, hidden);
    }
}
