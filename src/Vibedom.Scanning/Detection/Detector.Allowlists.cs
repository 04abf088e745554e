using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Detection;

public sealed partial class Detector
{
    /// <summary>gitleaks' checkCommitOrPathAllowed: OR lists check commit and path; AND lists only when they have no regex or stopword.</summary>
    private static bool CommitOrPathAllowed(Fragment fragment, IReadOnlyList<Allowlist> allowlists)
    {
        if (string.IsNullOrEmpty(fragment.FilePath) && string.IsNullOrEmpty(fragment.CommitSha))
        {
            return false;
        }

        foreach (var a in allowlists)
        {
            var commitAllowed = a.CommitAllowed(fragment.CommitSha);
            var pathAllowed = a.PathAllowed(fragment.FilePath);
            bool allowed;
            if (a.MatchAll)
            {
                if (a.Regexes.Count > 0 || a.StopWords.Count > 0)
                {
                    continue; // checked per finding
                }

                allowed = (a.Commits.Count == 0 || commitAllowed) && (a.Paths.Count == 0 || pathAllowed);
            }
            else
            {
                allowed = commitAllowed || pathAllowed;
            }

            if (allowed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>gitleaks' checkFindingAllowed: regexes (against secret, match or line) and stop words (against the secret).</summary>
    private static bool FindingAllowed(Fragment fragment, string match, string secret, string line, IReadOnlyList<Allowlist> allowlists)
    {
        foreach (var a in allowlists)
        {
            var target = a.RegexTarget switch
            {
                AllowlistTarget.Match => match,
                AllowlistTarget.Line => line,
                _ => secret,
            };
            var regexAllowed = a.RegexAllowed(target);
            var stopword = a.ContainsStopWord(secret);
            bool allowed;
            if (a.MatchAll)
            {
                allowed = (a.Commits.Count == 0 || a.CommitAllowed(fragment.CommitSha)) &&
                          (a.Paths.Count == 0 || a.PathAllowed(fragment.FilePath)) &&
                          (a.Regexes.Count == 0 || regexAllowed) &&
                          (a.StopWords.Count == 0 || stopword);
            }
            else
            {
                allowed = regexAllowed || stopword;
            }

            if (allowed)
            {
                return true;
            }
        }

        return false;
    }
}
