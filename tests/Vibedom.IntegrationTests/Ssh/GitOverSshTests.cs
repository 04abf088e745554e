using Xunit;

namespace Vibedom.IntegrationTests.Ssh;

/// <summary>
/// git over SSH from a real sandbox started by the real binary: real git and ssh inside, the real proxy's CONNECT
/// tunnel, the session's real ssh-agent, a real sshd on 127.0.0.1 serving a bare repository.
/// </summary>
public sealed class GitOverSshTests
{
    private const string CloneCommitPush = """
        set -e
        git clone -q "$URL" cloned
        cd cloned
        echo "written in the sandbox" > new.txt
        git add new.txt
        git commit -q -m "from the sandbox"
        git push -q origin main
        echo PUSHED
        """;

    [Fact]
    public async Task Clone_commit_and_push_over_ssh_reach_the_bare_repository_with_the_hosts_identity()
    {
        await using var s = await SshSession.StartAsync();

        var result = await s.RunInSandboxAsync($"URL='{s.Url}'\n{CloneCommitPush}\ngit log -1 --format='%an <%ae>'");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput + s.Server.Log);
        Assert.Contains("PUSHED", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("written in the sandbox\n", await s.Server.ShowAsync("new.txt"));
        Assert.Contains($"{SshSession.UserName} <{SshSession.UserEmail}>", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("not in vibedom's known_hosts", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clone_commit_and_push_over_ssh_work_when_an_ordinary_user_runs_vibedom()
    {
        await using var s = await SshSession.StartAsync();
        await s.Vibedom.GiveToNobodyAsync();

        var result = await s.Vibedom.RunAsNobodyAsync(["run", s.Workspace, "--yes", "--", "bash", "-c", $"URL='{s.Url}'\n{CloneCommitPush}"]);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput + s.Server.Log);
        Assert.Equal("written in the sandbox\n", await s.Server.ShowAsync("new.txt"));
    }

    [Fact]
    public async Task Clone_and_push_fail_when_the_deploy_key_is_not_authorised()
    {
        await using var s = await SshSession.StartAsync(authorise: false);

        var result = await s.RunInSandboxAsync($"URL='{s.Url}'\n{CloneCommitPush}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Permission denied (publickey)", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("PUSHED", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await s.Server.ShowAsync("new.txt"));
    }

    [Fact]
    public async Task Every_ssh_tunnel_gets_a_network_log_line_marked_tunneled_with_byte_counts()
    {
        await using var s = await SshSession.StartAsync();

        var result = await s.RunInSandboxAsync($"URL='{s.Url}'\n{CloneCommitPush}");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var tunnels = s.NetworkLog().Where(e => e.GetProperty("host").GetString() == SshSession.Host).ToList();
        Assert.Equal(2, tunnels.Count); // the clone and the push
        Assert.All(tunnels, e =>
        {
            Assert.Equal(22, e.GetProperty("port").GetInt32());
            Assert.True(e.GetProperty("allowed").GetBoolean());
            Assert.Equal("tunneled", e.GetProperty("tls").GetString());
            Assert.True(e.GetProperty("bytes_out").GetInt64() > 0);
            Assert.True(e.GetProperty("bytes_in").GetInt64() > 0);
        });
    }

    [Fact]
    public async Task An_unlisted_ssh_host_is_refused_with_the_line_that_says_how_to_list_it()
    {
        await using var s = await SshSession.StartAsync();

        var result = await s.RunInSandboxAsync($"git clone -q root@other.test:{s.Server.RepositoryPath} cloned");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("vibedom: ssh to other.test:22 is not allowed; add other.test:22 to trusted_domains.txt", result.StandardError, StringComparison.Ordinal);
        var denied = Assert.Single(s.NetworkLog());
        Assert.False(denied.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task A_changed_host_key_is_refused()
    {
        await using var s = await SshSession.StartAsync();
        await ReplaceHostKeyAsync(s);

        var result = await s.RunInSandboxAsync($"URL='{s.Url}'\n{CloneCommitPush}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Host key verification failed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"is not in vibedom's known_hosts; if you trust it, add it on the host: vibedom known-hosts add {SshSession.Host}", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await s.Server.ShowAsync("new.txt"));
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_by_the_proxy_even_when_the_agent_turns_host_key_checking_off()
    {
        await using var s = await SshSession.StartAsync();
        await ReplaceHostKeyAsync(s);

        var result = await s.RunInSandboxAsync($"""
            export GIT_SSH_COMMAND='ssh -F /run/vibedom/net/ssh_config -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'
            URL='{s.Url}'
            {CloneCommitPush}
            """);

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("PUSHED", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await s.Server.ShowAsync("new.txt"));
        var refused = Assert.Single(s.NetworkLog(), e => e.GetProperty("host").GetString() == SshSession.Host);
        Assert.Contains("is not in known_hosts", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>vibedom's known_hosts names another key for the server: what a changed or spoofed server key looks like.</summary>
    private static async Task ReplaceHostKeyAsync(SshSession s)
    {
        var other = Path.Combine(s.Vibedom.Root, "impostor");
        await Vibedom.Core.Processes.ProcessRunner.Default.RunCheckedAsync(Vibedom.Core.Processes.ProcessSpec.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", other), TestContext.Current.CancellationToken);
        var impostor = File.ReadAllText(other + ".pub").Split(' ');
        File.WriteAllLines(s.KnownHostsPath, File.ReadAllLines(s.KnownHostsPath).Select(l => l.StartsWith(SshSession.Host + " ", StringComparison.Ordinal) ? $"{SshSession.Host} {impostor[0]} {impostor[1]}" : l));
    }

    [Fact]
    public async Task The_agent_ends_with_the_session_and_its_folder_is_removed()
    {
        await using var s = await SshSession.StartAsync();

        var result = await s.RunInSandboxAsync("ssh-add -l >/dev/null && echo AGENT");

        Assert.Contains("AGENT", result.StandardOutput, StringComparison.Ordinal);
        var run = Path.Combine(s.Vibedom.Home, "run");
        Assert.Empty(Directory.Exists(run) ? Directory.GetDirectories(run, "ssh-*") : []);
        var agents = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d => { try { return File.ReadAllText(Path.Combine(d, "cmdline")); } catch (IOException) { return string.Empty; } })
            .Where(c => c.Contains(run, StringComparison.Ordinal));
        Assert.Empty(agents);
    }
}
