using Vibedom.Core.Processes;
using Xunit;

namespace Vibedom.IntegrationTests.Ssh;

/// <summary>
/// The deploy key works inside and never enters: the agent lists it alone, and its private bytes are nowhere inside
/// (every file but the host's read-only system binaries and libraries, and /proc's environ, cmdline and fds).
/// </summary>
public sealed class DeployKeyContainmentTests
{
    [Fact]
    public async Task Ssh_add_inside_lists_the_deploy_key_only_even_when_the_host_has_its_own_agent()
    {
        await using var s = await SshSession.StartAsync();
        var hostAgent = Path.Combine(s.Vibedom.Root, "host-agent.sock");
        var started = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ssh-agent", "-s", "-a", hostAgent), TestContext.Current.CancellationToken);
        var pid = started.StandardOutput.Split(';').Select(p => p.Trim()).First(p => p.StartsWith("SSH_AGENT_PID=", StringComparison.Ordinal))["SSH_AGENT_PID=".Length..];
        try
        {
            var personal = Path.Combine(s.Vibedom.Root, "personal_key");
            await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "personal", "-f", personal), TestContext.Current.CancellationToken);
            await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("ssh-add", ["-q", personal]) { Environment = new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = hostAgent } }, TestContext.Current.CancellationToken);
            var environment = s.Vibedom.Environment();
            environment["SSH_AUTH_SOCK"] = hostAgent;

            var result = await s.RunInSandboxAsync($"""
                ssh-add -L; echo "list=$?"
                ssh-add -D 2>&1; echo "delete=$?"
                ssh-keygen -q -t ed25519 -N '' -f /tmp/mine && ssh-add /tmp/mine 2>&1; echo "add=$?"
                ssh-add -x </dev/null 2>&1; echo "lock=$?"
                ssh-add -L | wc -l
                SSH_AUTH_SOCK='{hostAgent}' ssh-add -L 2>&1; echo "host=$?"
                """, environment);

            Assert.True(result.ExitCode == 0, result.StandardError);
            var lines = result.StandardOutput.Split('\n').SkipWhile(l => l.StartsWith("pre-flight", StringComparison.Ordinal)).ToList();
            var deploy = s.DeployPublicKey.Split(' ');
            Assert.StartsWith($"{deploy[0]} {deploy[1]}", lines[0], StringComparison.Ordinal);
            Assert.Equal("list=0", lines[1]);
            Assert.DoesNotContain("personal", result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("delete=0", result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("add=0", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("\n1\n", result.StandardOutput, StringComparison.Ordinal); // still the deploy key alone
            Assert.DoesNotContain("host=0", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await ProcessRunner.Default.RunAsync(ProcessSpec.Of("kill", pid), TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task The_private_keys_bytes_are_readable_nowhere_inside()
    {
        await using var s = await SshSession.StartAsync();
        var body = s.DeployPrivateKey.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.NotEmpty(body);
        // each needle (a line of the key file's base64) as a pattern that does not contain itself (a bracketed character), so no command line holds it
        var patterns = string.Join(' ', body.Select(l => $"-e '{l[..10]}[{l[10]}]{l[11..]}'"));

        var result = await s.RunInSandboxAsync($"""
            ssh-add -l >/dev/null || echo NO-AGENT
            echo "$@" >/dev/null
            printf '%s%s\n' '{body[0][..20]}' '{body[0][20..]}' > /tmp/control
            for d in /* /.[!.]*; do
              case "$d" in /proc|/sys|/dev|/usr|/bin|/sbin|/lib|/lib32|/lib64|/libx32) continue;; esac
              grep -rls -D skip {patterns} "$d" 2>/dev/null | sed 's/^/FOUND-FILE /'
            done
            for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do grep -qsa {patterns} "$f" && echo "FOUND-PROC $f"; done
            ls -l /proc/[0-9]*/fd/ 2>/dev/null | grep -F id_ed25519_vibedom && echo FOUND-FD
            echo SCANNED
            """);

        Assert.True(result.StandardOutput.Contains("SCANNED", StringComparison.Ordinal), result.StandardError + result.StandardOutput);
        Assert.DoesNotContain("NO-AGENT", result.StandardOutput, StringComparison.Ordinal);
        // the one hit is the control written inside from two halves: the scan finds the bytes where they are
        Assert.Equal(["FOUND-FILE /tmp/control"], result.StandardOutput.Split('\n').Where(l => l.StartsWith("FOUND", StringComparison.Ordinal)));
    }
}
