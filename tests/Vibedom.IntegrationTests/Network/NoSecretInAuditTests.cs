using System.Text;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Network;

/// <summary>
/// DESIGN §3: no file vibedom writes contains a secret value. Secrets assembled at run time are planted
/// in the workspace, passed on the agent's command line, and sent by the agent in a URL query, a header
/// and a cookie; then every file vibedom wrote is searched for them. The agent's own output (changes/)
/// and the undo backups of the user's files (applied/) are the user's data, not vibedom's records.
/// </summary>
public sealed class NoSecretInAuditTests
{
    [Fact]
    public async Task No_file_vibedom_writes_holds_a_secret_value()
    {
        await using var s = await ProxiedSession.StartAsync();
        var stripe = TestSecrets.StripeLiveKey;
        var github = TestSecrets.GitHubPat;
        var aws = TestSecrets.AwsAccessKeyId;
        File.WriteAllText(Path.Combine(s.Workspace, "prod.env"), $"STRIPE_KEY={stripe}\nAWS_ACCESS_KEY_ID={aws}\n");

        var result = await s.Vibedom.RunAsync(
            ["run", s.Workspace, "--yes", "--allow-high-risk", "--", "bash", "-c",
             $"curl -s -H 'Authorization: Bearer {github}' -b 'session={github}' '{s.HttpsUrl("/hello")}?key={stripe}' >/dev/null; echo done", github],
            input: null);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.NotEmpty(s.NetworkLog());
        var written = Directory.EnumerateFiles(s.Vibedom.Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/changes/", StringComparison.Ordinal) && !f.Contains("/applied/", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(written, f => f.EndsWith("session.log", StringComparison.Ordinal));
        Assert.Contains(written, f => f.EndsWith("preflight.json", StringComparison.Ordinal));
        foreach (var file in written)
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            foreach (var secret in new[] { stripe, github, aws })
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{file} holds a secret value");
            }
        }

        foreach (var output in new[] { result.StandardOutput, result.StandardError })
        {
            Assert.DoesNotContain(stripe, output, StringComparison.Ordinal);
            Assert.DoesNotContain(aws, output, StringComparison.Ordinal);
        }
    }
}
