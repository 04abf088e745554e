using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Network;

/// <summary>
/// The sandbox's own loopback, through the real binary: a server the agent starts inside answers the
/// agent's own clients on localhost, 127.0.0.1 and ::1 with the proxy variables set (they go direct,
/// not to the proxy's 403), and nothing of it reaches the proxy's log.
/// </summary>
public sealed class SandboxLoopbackTests
{
    [Fact]
    public async Task A_server_inside_the_sandbox_answers_curl_python_and_node_on_localhost()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("node");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("marker.txt", "LOOPBACK-OK\n"));
        var script = string.Join('\n',
            "python3 -m http.server --bind 127.0.0.1 8765 >/dev/null 2>&1 &",
            "python3 -m http.server --bind ::1 8766 >/dev/null 2>&1 &",
            "for i in $(seq 200); do curl -s --noproxy '*' -o /dev/null http://127.0.0.1:8765/ && curl -s --noproxy '*' -g -o /dev/null 'http://[::1]:8766/' && break; sleep 0.05; done",
            "echo \"proxy=$HTTP_PROXY no_proxy=$NO_PROXY\"",
            "echo curl-localhost $(curl -sS http://localhost:8765/marker.txt)",
            "echo curl-ipv4 $(curl -sS http://127.0.0.1:8765/marker.txt)",
            "echo curl-ipv6 $(curl -sS -g 'http://[::1]:8766/marker.txt')",
            "echo py-urllib $(/usr/bin/python3 -c 'import urllib.request; print(urllib.request.urlopen(\"http://localhost:8765/marker.txt\").read().decode().strip())' 2>&1 | tail -1)",
            "echo py-requests $(/usr/bin/python3 -c 'import requests; print(requests.get(\"http://127.0.0.1:8765/marker.txt\").text.strip())' 2>&1 | tail -1)",
            "echo node-fetch $(node -e 'fetch(\"http://localhost:8765/marker.txt\").then(r => r.text()).then(t => console.log(t), e => console.log(\"FAIL \" + e.message))')",
            "echo node-http $(node -e 'require(\"http\").get(\"http://127.0.0.1:8765/marker.txt\", r => r.on(\"data\", d => process.stdout.write(d))).on(\"error\", e => console.log(\"FAIL \" + e.message))')");

        var result = await vibedom.RunAsync(["run", workspace, "--yes", "--", "bash", "-c", script], input: null);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("proxy=http://127.0.0.1:3128 no_proxy=localhost,127.0.0.1,::1", result.StandardOutput, StringComparison.Ordinal);
        foreach (var client in new[] { "curl-localhost", "curl-ipv4", "curl-ipv6", "py-urllib", "py-requests", "node-fetch", "node-http" })
        {
            Assert.True(result.StandardOutput.Contains($"{client} LOOPBACK-OK", StringComparison.Ordinal), $"{client} did not reach the sandbox's own server:\n{result.StandardOutput}");
        }

        var networkLog = Directory.GetFiles(Path.Combine(vibedom.Home, "logs"), "network.jsonl", SearchOption.AllDirectories);
        Assert.All(networkLog, path => Assert.Empty(File.ReadAllText(path).Trim()));
    }
}
