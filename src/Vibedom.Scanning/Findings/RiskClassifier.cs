using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Findings;

/// <summary>
/// The seed's risk rules, with the reason shown to the user. In order: a live or cloud root credential is
/// HIGH wherever it is; a connection to localhost is LOW; <c>prod</c>/<c>production</c>/<c>live</c> in
/// the path is HIGH; local-dev env files and test or fixture paths are LOW; the rest is MEDIUM.
/// </summary>
public static partial class RiskClassifier
{
    private static readonly HashSet<string> CloudRootRules = new(StringComparer.Ordinal)
    {
        "aws-access-token", "aws-access-key-id", "aws-secret-access-key", "gcp-service-account", "gcp-service-account-key",
        "azure-storage-account-key", "azure-ad-client-secret", "alibaba-access-key-id", "alibaba-secret-key",
        "digitalocean-access-token", "digitalocean-pat",
    };

    public static (Risk Risk, string Reason) Classify(string ruleId, string? path, string secret, string match)
    {
        if (LiveKey().IsMatch(secret) || LiveKey().IsMatch(match))
        {
            return (Risk.High, "live payment key (sk_live_/rk_live_)");
        }

        if (CloudRootRules.Contains(ruleId))
        {
            return (Risk.High, "cloud account key");
        }

        if (Localhost().IsMatch(match))
        {
            return (Risk.Low, "connection to localhost");
        }

        var p = path ?? string.Empty;
        if (ProdPath().Match(p) is { Success: true } prod)
        {
            return (Risk.High, $"production path ('{prod.Groups[1].Value}')");
        }

        if (LocalEnvFile().IsMatch(p))
        {
            return (Risk.Low, "local development env file");
        }

        if (TestPath().Match(p) is { Success: true } test)
        {
            return (Risk.Low, $"test or fixture path ('{test.Value.Trim('/')}')");
        }

        return (Risk.Medium, "credential in workspace");
    }

    [GeneratedRegex(@"\b[sr]k_live_", RegexOptions.CultureInvariant)]
    private static partial Regex LiveKey();

    [GeneratedRegex(@"(?i)(?:@|//|host=|server=|data source=)(?:localhost|127\.0\.0\.1|\[?::1\]?|0\.0\.0\.0)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Localhost();

    [GeneratedRegex(@"(?i)(?:^|[/._-])(prod|production|live)(?:[/._-]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ProdPath();

    [GeneratedRegex(@"(?i)(?:^|/)\.env\.(?:local|development|dev|test)(?:\.local)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalEnvFile();

    [GeneratedRegex(@"(?i)(?:^|/)(tests?|fixtures?|__tests__|testdata|spec|mocks?|examples?)(?:/|$)|(?:^|/)[^/]*(_test|\.test|\.spec|Tests?)\.[a-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TestPath();
}
