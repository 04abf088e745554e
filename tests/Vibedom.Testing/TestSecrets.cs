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

    /// <summary>A random-looking value (entropy above gitleaks' generic threshold of 3.5) for assignment tests.</summary>
    public static string HighEntropyValue => string.Concat("Xk29Qz81", "Lp0vN7aB", "q4Rt");

    /// <summary>A Slack bot token shape.</summary>
    public static string SlackBotToken => string.Concat("xo", "xb-", "1234567890", "12-", "123456789012", "-", "Ab3dEf6hIj9kLm2nOp5qRs8t");

    /// <summary>An OpenSSH-style private key block (not a real key).</summary>
    public static string PrivateKeyPem => string.Concat(
        "-----BEGIN ", "OPENSSH PRIVATE", " KEY-----\n",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n",
        "QyNTUxOQAAACBvZ2VuZXJhdGVkLWZvci12aWJlZG9tLXRlc3RzLW9ubHktMDAwMDAwMAAA\n",
        "-----END ", "OPENSSH PRIVATE", " KEY-----");

    /// <summary>A JWT shape: header.payload.signature, base64url.</summary>
    public static string Jwt => string.Concat("ey", "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".", "ey", "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IlZpYmUifQ", ".", "c2lnbmF0dXJlLWZvci10ZXN0cy1vbmx5");

    /// <summary>A password for connection-string tests.</summary>
    public static string DbPassword => string.Concat("S3cr", "etPa55", "w0rd!x");
}
