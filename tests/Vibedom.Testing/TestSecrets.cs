namespace Vibedom.Testing;

/// <summary>
/// Secrets for tests, assembled at run time from pieces so that the repository itself stays
/// clean for scanners (DEVELOPERS rule 4). Never write a whole secret literal in a test.
/// </summary>
public static class TestSecrets
{
    /// <summary>An AWS access key id shape: AKIA + 16 upper-case alphanumerics.</summary>
    public static string AwsAccessKeyId => string.Concat("AK", "IA", "Q3EGRTWX", "5JZ7KP2M");

    /// <summary>A Stripe live secret key shape.</summary>
    public static string StripeLiveKey => string.Concat("sk", "_live_", "51HqLyjWDarjtT1zdp7dc", "XtRp9vBnM2kQ");

    /// <summary>A GitHub personal access token shape.</summary>
    public static string GitHubPat => string.Concat("gh", "p_", "8Xz1Qw2Er3Ty4Ui5Op6As7Df8Gh9Jk0Lz1Xc");
}
