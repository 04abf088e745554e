namespace Vibedom.Scanning.Rules;

/// <summary>What an allowlist's regexes are tested against (gitleaks' <c>regexTarget</c>).</summary>
public enum AllowlistTarget
{
    Secret,
    Match,
    Line,
}
