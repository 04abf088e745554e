using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>
/// The home-secret policy through the real binary: a requested agent folder comes along with its credential file masked
/// (empty and unreadable inside), and a read-only path that is a symlink to a credential folder is refused before anything starts.
/// </summary>
public sealed class HomeSecretMountTests
{
    [Fact]
    public async Task A_requested_agent_folder_is_shown_with_its_credential_file_empty_inside()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var userHome = vibedom.Environment()["HOME"];
        var secret = TestSecrets.GitHubPat;
        Directory.CreateDirectory(Path.Combine(userHome, ".claude"));
        File.WriteAllText(Path.Combine(userHome, ".claude", "settings.json"), "{\"theme\":\"dark\"}\n");
        File.WriteAllText(Path.Combine(userHome, ".claude", ".credentials.json"), $"{{\"token\":\"{secret}\"}}\n");
        Directory.CreateDirectory(Path.Combine(userHome, ".codex"));
        File.WriteAllText(Path.Combine(userHome, ".codex", "auth.json"), $"{{\"OPENAI_API_KEY\":\"{secret}\"}}\n");
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), "[run]\nread_only_paths = [\"~/.claude\", \"~/.codex\"]\n");
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        var script = string.Join('\n',
            "echo settings: $(cat ~/.claude/settings.json)",
            "echo credentials: $(cat ~/.claude/.credentials.json 2>/dev/null | wc -c) bytes",
            "echo auth: $(cat ~/.codex/auth.json 2>/dev/null | wc -c) bytes",
            "cat ~/.claude/.credentials.json ~/.codex/auth.json ~/.claude/.credentials.json.* 2>&1",
            "(echo x > ~/.claude/.credentials.json) 2>/dev/null && echo overwrite: allowed || echo overwrite: refused");

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "bash", "-c", script], input: null);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("settings: {\"theme\":\"dark\"}", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Contains("credentials: 0 bytes", StringComparison.Ordinal), result.StandardOutput);
        Assert.Contains("auth: 0 bytes", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("overwrite: refused", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_credential_the_host_saves_anew_or_creates_during_a_session_stays_hidden(bool asOrdinaryUser)
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var userHome = vibedom.Environment()["HOME"];
        var secret = TestSecrets.GitHubPat;
        var gh = Path.Combine(userHome, ".config", "gh");
        Directory.CreateDirectory(gh);
        File.WriteAllText(Path.Combine(gh, "config.yml"), "editor: vim\n");
        File.WriteAllText(Path.Combine(gh, "hosts.yml"), "github.com: {oauth_token: old}\n");
        Directory.CreateDirectory(Path.Combine(userHome, ".claude"));
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), "[run]\nread_only_paths = [\"~/.config/gh\", \"~/.claude\"]\n");
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));
        if (asOrdinaryUser)
        {
            await vibedom.GiveToNobodyAsync();
        }

        Task<Vibedom.Core.Processes.ProcessResult> AsUser(params string[] args) => asOrdinaryUser ? vibedom.RunAsNobodyAsync(args) : vibedom.RunAsync(args);
        var start = await AsUser("run", workspace, "--yes", "--detach", "--name", "live", "--", "sleep", "600");
        Assert.True(start.ExitCode == 0, start.StandardError);
        try
        {
            // as gh, editors and agents save a token: a new file renamed over the old; and a credential file that was not there at the start
            File.WriteAllText(Path.Combine(gh, "hosts.yml.new"), $"github.com: {{oauth_token: {secret}}}\n");
            File.Move(Path.Combine(gh, "hosts.yml.new"), Path.Combine(gh, "hosts.yml"), overwrite: true);
            File.WriteAllText(Path.Combine(userHome, ".claude", ".credentials.json"), $"{{\"token\":\"{secret}\"}}\n");
            if (asOrdinaryUser)
            {
                await vibedom.GiveToNobodyAsync();
            }

            var script = "cat ~/.config/gh/config.yml ~/.config/gh/hosts.yml ~/.claude/.credentials.json 2>&1; " +
                "(echo x > ~/.config/gh/planted) 2>/dev/null && echo write: allowed || echo write: refused";
            var read = await AsUser("exec", "live", "--", "bash", "-c", script);

            Assert.True(read.ExitCode == 0, read.StandardError + read.StandardOutput);
            Assert.Contains("editor: vim", read.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("write: refused", read.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, read.StandardOutput + read.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await AsUser("stop", "live", "--discard");
        }
    }

    [Fact]
    public async Task A_read_only_path_that_is_a_symlink_to_a_credential_folder_is_refused_with_one_line()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var userHome = vibedom.Environment()["HOME"];
        Directory.CreateDirectory(Path.Combine(userHome, ".ssh"));
        File.WriteAllText(Path.Combine(userHome, ".ssh", "id_ed25519"), "key\n");
        var link = Path.Combine(vibedom.Root, "tools");
        File.CreateSymbolicLink(link, Path.Combine(userHome, ".ssh"));
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"[run]\nread_only_paths = [\"{link}\"]\n");
        var workspace = vibedom.Workspace("proj", ("README.md", "# proj\n"));

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "cat", "/etc/hostname"], input: null);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"vibedom: refusing read-only mount {link} (it resolves to {userHome}/.ssh): it would expose credentials under the home folder (~/.ssh)",
            result.StandardError.Trim().Split('\n')[^1]);
    }
}
