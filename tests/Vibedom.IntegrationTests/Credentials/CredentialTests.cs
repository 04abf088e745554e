using System.Text;
using Vibedom.IntegrationTests.Network;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.IntegrationTests.Credentials;

/// <summary>
/// [[credentials]] through the real binary, a real sandbox, the real proxy and real clients (curl, node): the agent
/// holds only a sentinel (its environment, pid 1's), the bound host alone receives the real value, another host gets
/// the sentinel, an echo of the real value comes back as the sentinel, and no file vibedom writes, nor the detached
/// session host's argv or environment, holds the real value.
/// </summary>
public sealed class CredentialTests
{
    private const string NodeClient = """
        // an agent-like client: CONNECT through the proxy, TLS, the key from its environment in x-api-key
        const u = new URL(process.argv[2]);
        require('http').request({ host: '127.0.0.1', port: 3128, method: 'CONNECT', path: u.host })
          .on('connect', (res, socket) => {
            const tls = require('tls').connect({ socket, servername: u.hostname }, () => {
              tls.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nx-api-key: ${process.env.ANTHROPIC_API_KEY}\r\nConnection: close\r\n\r\n`);
            });
            tls.on('data', d => process.stdout.write(d));
            tls.on('error', e => console.log('NODE-FAIL ' + e.message));
          })
          .on('error', e => console.log('NODE-FAIL ' + e.message))
          .end();
        """;

    private static async Task<ProxiedSession> StartAsync()
    {
        var s = await ProxiedSession.StartAsync();
        File.AppendAllText(Path.Combine(s.Vibedom.Home, "trusted_domains.txt"), $"\n{UpstreamServer.OtherName}:{s.Upstream.HttpsPort}\n");
        File.AppendAllText(Path.Combine(s.Vibedom.Home, "config.toml"), $"""

            [[credentials]]
            env = "ANTHROPIC_API_KEY"
            hosts = ["{UpstreamServer.Name}"]
            """);
        return s;
    }

    [Fact]
    public async Task Curl_and_node_inside_hold_only_the_sentinel_and_only_the_bound_host_receives_the_real_value()
    {
        Prerequisite.RequireCommand("curl");
        Prerequisite.RequireCommand("node");
        await using var s = await StartAsync();
        var key = TestCredentials.AnthropicKey();
        var environment = s.Vibedom.Environment();
        environment["ANTHROPIC_API_KEY"] = key;
        File.WriteAllText(Path.Combine(s.Workspace, "client.js"), NodeClient);
        var bound = s.HttpsUrl("/headers");
        var other = $"https://{UpstreamServer.OtherName}:{s.Upstream.HttpsPort}/headers";
        var script = string.Join('\n',
            "echo \"env=$(env | grep '^ANTHROPIC_API_KEY=')\"",
            "echo \"self=$(tr '\\0' '\\n' < /proc/$$/environ 2>/dev/null | grep '^ANTHROPIC_API_KEY=' || echo unreadable)\"",
            "echo \"pid1=$(tr '\\0' '\\n' < /proc/1/environ 2>/dev/null | grep '^ANTHROPIC_API_KEY=' || echo unreadable)\"",
            $"curl -sS -H \"x-api-key: $ANTHROPIC_API_KEY\" '{bound}?from=curl' | grep -i '^x-api-key' | sed 's/^/echo=/'",
            $"curl -sS -H \"x-api-key: $ANTHROPIC_API_KEY\" '{other}?from=curl-other' >/dev/null",
            $"node client.js '{bound}' | grep -i '^x-api-key' | sed 's/^/node-echo=/'");

        var result = await s.Vibedom.RunAsync(["run", s.Workspace, "--yes", "--", "bash", "-c", script], input: null, environment: environment);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var output = result.StandardOutput;
        var sentinel = Line(output, "env=ANTHROPIC_API_KEY=");
        Assert.True(sentinel.Length == key.Length && sentinel != key && sentinel.StartsWith("sk-ant-api03-", StringComparison.Ordinal), "the sandbox holds a sentinel of the key's shape");
        // what /proc shows of the agent's shell and of init (not dumpable: unreadable inside), if anything: the sentinel
        Assert.Contains(Line(output, "self="), new[] { "ANTHROPIC_API_KEY=" + sentinel, "unreadable" });
        Assert.Contains(Line(output, "pid1="), new[] { "ANTHROPIC_API_KEY=" + sentinel, "unreadable" });
        // the upstream echoed the real value in a text body: response DLP (on by default) scrubs it before the
        // credential transform would turn it back into the sentinel (without DLP it comes back as the sentinel: CredentialProxyTests)
        Assert.Equal("x-api-key: [REDACTED_ANTHROPIC-API-KEY]", Line(output, "echo="));
        Assert.Equal("x-api-key: [REDACTED_ANTHROPIC-API-KEY]", Line(output, "node-echo="));
        var received = s.Upstream.Seen;
        Assert.Contains(received, r => r.StartsWith("/headers?from=curl\n", StringComparison.Ordinal) && r.Contains("x-api-key: " + key, StringComparison.Ordinal));
        Assert.Contains(received, r => r.StartsWith("/headers\n", StringComparison.Ordinal) && r.Contains("x-api-key: " + key, StringComparison.Ordinal));
        Assert.Contains(received, r => r.StartsWith("/headers?from=curl-other\n", StringComparison.Ordinal) && r.Contains("x-api-key: " + sentinel, StringComparison.Ordinal));
        Assert.DoesNotContain(received, r => r.Contains("other", StringComparison.Ordinal) && r.Contains(key, StringComparison.Ordinal));
        Assert.False(output.Contains(key, StringComparison.Ordinal) || result.StandardError.Contains(key, StringComparison.Ordinal), "the agent saw the real value");
        AssertNoFileHolds(s.Vibedom.Home, key);
        var sessionLog = File.ReadAllText(Directory.GetFiles(Path.Combine(s.Vibedom.Home, "logs"), "session.log", SearchOption.AllDirectories).Single());
        Assert.Contains("Credentials (the sandbox holds sentinels; the proxy sends the real values only to their hosts, over TLS): ANTHROPIC_API_KEY -> upstream.test", sessionLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_detached_session_host_learns_the_value_over_its_pipe_and_holds_it_in_no_argv_environ_or_file()
    {
        Prerequisite.RequireCommand("curl");
        await using var s = await StartAsync();
        var key = TestCredentials.AnthropicKey();
        var environment = s.Vibedom.Environment();
        environment["ANTHROPIC_API_KEY"] = key;

        var start = await s.Vibedom.RunAsync(["run", s.Workspace, "--yes", "--detach", "--", "sh", "-c", "while [ ! -e go ]; do sleep 0.1; done"], input: null, environment: environment);
        Assert.True(start.ExitCode == 0, start.StandardError);
        var id = Directory.GetDirectories(Path.Combine(s.Vibedom.Home, "logs"), "session-*").Select(Path.GetFileName).Single()!;
        var exec = await s.Vibedom.RunAsync(["exec", id, "--", "sh", "-c", $"curl -sS -H \"x-api-key: $ANTHROPIC_API_KEY\" '{s.HttpsUrl("/headers")}?from=exec' | grep -i '^x-api-key'"], input: null, environment: environment);
        var hosts = SessionHostProcesses.Find(s.Vibedom.Home).Select(h => h.Text).ToList();

        Assert.True(exec.ExitCode == 0, exec.StandardError);
        Assert.DoesNotContain(key, exec.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("x-api-key: [REDACTED_ANTHROPIC-API-KEY]", exec.StandardOutput, StringComparison.Ordinal); // the echo, scrubbed by response DLP
        Assert.Contains(s.Upstream.Seen, r => r.StartsWith("/headers?from=exec\n", StringComparison.Ordinal) && r.Contains("x-api-key: " + key, StringComparison.Ordinal));
        var sandbox = SandboxEnvironments(id);
        Assert.NotEmpty(sandbox);
        Assert.All(sandbox, e => Assert.False(e.Contains(key, StringComparison.Ordinal), "a sandbox process's environment holds the real value"));
        Assert.Contains(sandbox, e => e.Contains("\0ANTHROPIC_API_KEY=sk-ant-api03-", StringComparison.Ordinal));
        var host = Assert.Single(hosts);
        Assert.False(host.Contains(key, StringComparison.Ordinal), "the session host's argv or environment holds the real value");
        AssertNoFileHolds(s.Vibedom.Home, key); // run/ (exec.env holds the sentinel), logs/

        await s.Vibedom.RunAsync(["exec", id, "--", "touch", "go"], input: null, environment: environment);
        await s.Vibedom.RunAsync(["stop", id], input: null, environment: environment);
        AssertNoFileHolds(s.Vibedom.Home, key);
    }

    [Fact]
    public async Task An_unset_credential_variable_stops_the_run_with_one_line_and_exit_2_before_anything_starts()
    {
        await using var s = await StartAsync();

        var result = await s.Vibedom.RunAsync(["run", s.Workspace, "--yes", "--", "true"], input: null);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("credentials: ANTHROPIC_API_KEY is not set in vibedom's environment; export it, or remove this entry", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(s.Vibedom.Home, "logs")) && Directory.GetDirectories(Path.Combine(s.Vibedom.Home, "logs"), "session-*").Length > 0);
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].TrimEnd('\r') ?? $"(no line {prefix})";

    /// <summary>Every file under the home (logs, run state, sockets aside), searched for the value, raw and in base64.</summary>
    private static void AssertNoFileHolds(string home, string value)
    {
        var base64 = Convert.ToBase64String(Encoding.ASCII.GetBytes(value));
        foreach (var file in Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sock", StringComparison.Ordinal)))
        {
            var text = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            Assert.False(text.Contains(value, StringComparison.Ordinal) || text.Contains(base64, StringComparison.Ordinal), file + " holds the real value");
        }
    }

    /// <summary>The environment of every process of the sandbox (vibedom-init as pid 1, the agent), read from the host.</summary>
    private static List<string> SandboxEnvironments(string sessionId)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var environ = "\0" + Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ")));
                if (environ.Contains("\0VIBEDOM_SESSION=" + sessionId + "\0", StringComparison.Ordinal))
                {
                    found.Add(environ);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
