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

    /// <summary>
    /// Issue 8 item 7: secrets glued to words, encoded, re-cased and known from the pre-flight scan, planted by the
    /// agent in every field vibedom records (method, path, query key, CONNECT host, SNI and Host in 421 reasons, a
    /// header name, a WebSocket path) and by the user in the session name and command: no file vibedom writes holds
    /// any of them, in any case or encoding.
    /// </summary>
    [Fact]
    public async Task No_record_holds_a_secret_planted_in_any_field_in_any_form()
    {
        await using var s = await ProxiedSession.StartAsync();
        var aws = TestSecrets.AwsAccessKeyId;
        var password = TestSecrets.DbPassword;
        File.WriteAllText(Path.Combine(s.Workspace, "settings.ini"), $"db_password = \"{password}\"\n"); // gitleaks:allow (the value is assembled at run time)
        var host = "upstream.test";
        var port = s.Upstream.HttpsPort;
        var https = s.HttpsUrl("");
        var percent = Uri.EscapeDataString(password);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("id:" + aws));
        string[] requests =
        [
            $"'{https}/v1/key_{aws}/x{TestSecrets.GitHubPat}9'",
            $"'{https}/q?{aws}=1&key_{TestSecrets.StripeLiveKey}'",
            $"-X {aws} '{https}/hello'",
            $"'{https}/p/{base64}/{aws[..10]}/{aws[10..]}'",
            $"'{https}/v/{percent}'",
            $"'https://{aws.ToLowerInvariant()}.example.com/'",
            $"-k --connect-to {aws}.{host}:{port}:{host}:{port} 'https://{aws}.{host}:{port}/'",
            $"-H 'Host: {aws}.{host}' '{https}/hello'",
            $"-H 'X-{aws}: 1' '{https}/hello'",
            $"--http1.1 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==' '{https}/not-ws/{aws}'", // the upstream answers 404; gitleaks:allow (RFC 6455 sample nonce)
        ];
        var script = string.Join("; ", requests.Select(r => $"curl -s -o /dev/null {r}")) + "; echo done";

        var result = await s.Vibedom.RunAsync(
            ["run", s.Workspace, "--yes", "--allow-high-risk", "--name", "key_" + aws, "--", "bash", "-c", script, "x" + aws], input: null);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.True(s.NetworkLog().Count >= requests.Length, $"{s.NetworkLog().Count} requests logged");
        var written = Directory.EnumerateFiles(s.Vibedom.Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/changes/", StringComparison.Ordinal) && !f.Contains("/applied/", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(written, f => f.EndsWith("network.jsonl", StringComparison.Ordinal));
        foreach (var file in written)
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            string[] secrets = [aws, password, percent, base64, TestSecrets.GitHubPat, TestSecrets.StripeLiveKey];
            for (var i = 0; i < secrets.Length; i++)
            {
                Assert.False(text.Contains(secrets[i], StringComparison.OrdinalIgnoreCase), $"{file} holds secret #{i}: {text.Replace(secrets[i], "<<HERE>>", StringComparison.OrdinalIgnoreCase)}");
            }
        }
    }
}
