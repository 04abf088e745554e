using System.Text;
using Xunit;

namespace Vibedom.IntegrationTests.Network;

/// <summary>
/// Issue 10 item 4: records are redacted with the user's own rules (<c>~/.vibedom/rules/*.toml</c>), the same
/// compiled set the pre-flight scan uses, not vibedom's defaults alone.
/// </summary>
public sealed class UserRulesInRecordsTests
{
    [Fact]
    public async Task A_value_only_a_user_rule_knows_is_redacted_from_session_json_session_log_and_network_log()
    {
        await using var s = await ProxiedSession.StartAsync();
        var rules = Path.Combine(s.Vibedom.Home, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "acme.toml"), "[[rules]]\nid = \"acme-token\"\nregex = '''\\b(acme_[a-f0-9]{32})\\b'''\nkeywords = [\"acme_\"]\n");
        var token = string.Concat("ac", "me_", Guid.NewGuid().ToString("N")); // not in the workspace: no pre-flight value

        var result = await s.Vibedom.RunAsync(
            ["run", s.Workspace, "--yes", "--", "bash", "-c", $"curl -s '{s.HttpsUrl("/v1/" + token)}' >/dev/null; echo done", token],
            input: null);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var network = string.Join('\n', s.AllNetworkLogLines().Select(l => l.GetRawText()));
        Assert.Contains("[REDACTED_acme-token:", network, StringComparison.Ordinal);
        var written = Directory.EnumerateFiles(s.Vibedom.Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/changes/", StringComparison.Ordinal) && !f.Contains("/rules/", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(written, f => f.EndsWith("session.json", StringComparison.Ordinal));
        Assert.Contains(written, f => f.EndsWith("session.log", StringComparison.Ordinal));
        foreach (var file in written)
        {
            Assert.False(Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains(token, StringComparison.Ordinal), $"{file} holds the value");
        }
    }
}
