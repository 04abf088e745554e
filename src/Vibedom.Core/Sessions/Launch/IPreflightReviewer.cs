using Vibedom.Scanning.Sources;

namespace Vibedom.Core.Sessions.Launch;

/// <summary>
/// The user's side of the pre-flight (the CLI's table and prompt): Core scans, the reviewer shows progress and the
/// findings and decides. Never given to anything that records: the result holds the secret values.
/// </summary>
public interface IPreflightReviewer
{
    /// <summary>Runs <paramref name="scan"/> where the user can follow it (a spinner with a file count at a terminal).</summary>
    Task<ScanResult> FollowAsync(string workspace, Func<IProgress<long>?, Task<ScanResult>> scan);

    /// <summary>
    /// Shows the findings, asks when it must, and writes <paramref name="recordPath"/> (preflight.json: no values).
    /// <paramref name="hideFlagged"/>: hide every flagged file without asking (<c>run --hide-flagged</c>);
    /// <paramref name="workspace"/>: the folder scanned (to tell which flagged files git tracks).
    /// </summary>
    PreflightChoice Review(ScanResult result, bool yes, bool allowHighRisk, bool hideFlagged, string recordPath, string workspace);
}
