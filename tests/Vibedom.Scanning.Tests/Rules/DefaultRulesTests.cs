using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>vibedom's own rules, including what gitleaks' defaults miss.</summary>
public sealed class DefaultRulesTests
{
    private static readonly Lazy<Detector> Default = new(() => new Detector(RuleLoader.LoadDefault()));

    private static SecretMatch Single(string text, string rule)
    {
        var findings = Default.Value.Detect(new Fragment(text) { FilePath = "app/settings.txt" });
        return Assert.Single(findings, f => f.RuleId == rule);
    }

    public static TheoryData<string, string, string> Cases()
    {
        var pw = TestSecrets.DbPassword;
        return new TheoryData<string, string, string>
        {
            { "DATABASE_URL=postgres://app:" + pw + "@db.internal:5432/app", "url-credentials", pw },
            { "mysql://root:" + pw + "@10.0.0.5/shop", "url-credentials", pw },
            { "MONGO=mongodb+srv://svc:" + pw + "@cluster0.example.net/db", "url-credentials", pw },
            { "REDIS_URL=redis://:" + pw + "@cache:6379/0", "url-credentials", pw },
            { "git clone https://deploy:" + pw + "@git.example.org/repo.git", "url-credentials", pw },
            { "url=jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=" + pw, "jdbc-password", pw },
            { "\"Default\": \"Server=tcp:db,1433;Database=app;User Id=sa;Password=" + pw + ";\"", "connection-string-password", pw }, // gitleaks:allow (assembled at run time)
            { "machine api.example.com login me password " + pw, "netrc-password", pw },
            { "//registry.npmjs.org/:_authToken=" + TestSecrets.HighEntropyValue, "npmrc-auth", TestSecrets.HighEntropyValue },
            { "Authorization: Basic " + Convert.ToBase64String("me:"u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes(pw)).ToArray()), "authorization-basic", Convert.ToBase64String("me:"u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes(pw)).ToArray()) },
            { "kind: Secret\nstringData:\n  password: " + pw + "\n", "kubernetes-secret-stringdata", pw },
            { "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("u:" + pw)) + "\"}}}", "docker-config-auth", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("u:" + pw)) },
            { "{\\\"api_key\\\":\\\"" + TestSecrets.HighEntropyValue + "\\\"}", "generic-secret-assignment", TestSecrets.HighEntropyValue },
            { "\"token\": \"" + TestSecrets.GitHubPat + "\\n\"", "github-pat", TestSecrets.GitHubPat },
            { "AWS_ACCESS_KEY_ID=" + TestSecrets.AwsAccessKeyId, "aws-access-key-id", TestSecrets.AwsAccessKeyId },
            { "STRIPE=" + TestSecrets.StripeLiveKey, "stripe-secret-key", TestSecrets.StripeLiveKey },
            { "SLACK=" + TestSecrets.SlackBotToken, "slack-token", TestSecrets.SlackBotToken },
            { "auth: " + TestSecrets.Jwt, "jwt", TestSecrets.Jwt },
            { "{\"key\": \"" + TestSecrets.PrivateKeyPem + "\"}", "private-key", TestSecrets.PrivateKeyPem },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detect_secret_in_context_found_by_rule_with_value(string text, string rule, string secret)
    {
        Assert.Equal(secret, Single(text, rule).Secret);
    }

    [Theory]
    [InlineData("DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app")]
    [InlineData("DATABASE_URL=postgres://app:password@db/app")]
    [InlineData("password = \"changeme\"")]
    [InlineData("api_key = \"<your-api-key-here>\"")]
    [InlineData("self._auth = re.compile(something_long_enough)")]
    [InlineData("password = \"geheim\"")]
    [InlineData("ftp://anonymous:guest@ftp.example.org/pub")]
    public void Detect_placeholder_not_reported(string text)
    {
        Assert.Empty(Default.Value.Detect(text));
    }
}
