using Vibedom.Scanning.Findings;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

public sealed class RiskClassifierTests
{
    [Theory]
    [InlineData("github-pat", "deploy/prod/app.env", "tok", "tok", Risk.High, "production path ('prod')")]
    [InlineData("github-pat", "config/production.json", "tok", "tok", Risk.High, "production path ('production')")]
    [InlineData("github-pat", "live/settings.yml", "tok", "tok", Risk.High, "production path ('live')")]
    [InlineData("stripe-secret-key", "tests/fixtures/x.json", "sk_live_abc", "sk_live_abc", Risk.High, "live payment key (sk_live_/rk_live_)")]
    [InlineData("aws-access-key-id", "src/app.py", "AKIA", "AKIA", Risk.High, "cloud account key")]
    [InlineData("github-pat", ".env.local", "tok", "tok", Risk.Low, "local development env file")]
    [InlineData("github-pat", "web/.env.development", "tok", "tok", Risk.Low, "local development env file")]
    [InlineData("github-pat", "src/test/resources/a.yml", "tok", "tok", Risk.Low, "test or fixture path ('test')")]
    [InlineData("github-pat", "spec/fixtures/a.yml", "tok", "tok", Risk.Low, "test or fixture path ('spec')")]
    [InlineData("url-credentials", "prod/app.env", "pw", "postgres://u:pw@localhost:5432/db", Risk.Low, "connection to localhost")]
    [InlineData("github-pat", "src/app.py", "tok", "tok", Risk.Medium, "credential in workspace")]
    [InlineData("github-pat", "src/product.py", "tok", "tok", Risk.Medium, "credential in workspace")]
    public void Classify_path_and_secret_gives_risk_and_reason(string rule, string path, string secret, string match, Risk risk, string reason)
    {
        Assert.Equal((risk, reason), RiskClassifier.Classify(rule, path, secret, match));
    }
}
