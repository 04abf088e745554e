using Vibedom.IntegrationTests.Sandbox;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.IntegrationTests.Network;

/// <summary>
/// Real clients inside a real sandbox started by the real binary, a real proxy, real TLS to a
/// Kestrel upstream on 127.0.0.1 (named upstream.test, pinned by [network.hosts]).
/// </summary>
public sealed class SandboxEgressTests
{
    [Fact]
    public async Task Curl_reaches_an_allowed_host_over_https_and_http_with_the_body_intact()
    {
        await using var s = await ProxiedSession.StartAsync();

        var result = await s.RunInSandboxAsync($"curl -sS --fail {s.HttpsUrl("/hello")} && curl -sS --fail {s.HttpUrl("/hello")}");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("hello from upstream over HTTP/2", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("hello from upstream over HTTP/1.1", result.StandardOutput, StringComparison.Ordinal);
        var log = s.NetworkLog();
        Assert.Contains(log, e => e.GetProperty("url").GetString() == s.HttpsUrl("/hello") && e.GetProperty("allowed").GetBoolean()
            && e.GetProperty("status").GetInt32() == 200 && e.GetProperty("tls").GetString() == "intercepted");
        Assert.Contains(log, e => e.GetProperty("url").GetString() == s.HttpUrl("/hello") && e.GetProperty("tls").GetString() == "none");
    }

    [Fact]
    public async Task Unlisted_host_gets_403_naming_the_rule_and_one_log_line()
    {
        await using var s = await ProxiedSession.StartAsync();

        var result = await s.RunInSandboxAsync($"curl -sS -o /dev/null -D - https://{UpstreamServer.OtherName}:{s.Upstream.HttpsPort}/hello; echo curl=$?");

        Assert.Contains("403", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("curl=56", result.StandardOutput, StringComparison.Ordinal);
        var denied = Assert.Single(s.NetworkLog());
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Equal(UpstreamServer.OtherName, denied.GetProperty("host").GetString());
        Assert.Contains("trusted_domains.txt", denied.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bypassing_the_proxy_reaches_nothing()
    {
        await using var s = await ProxiedSession.StartAsync();
        var port = s.Upstream.HttpPort;
        var hostAddresses = (await HostServers.HostAddressesAsync())
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        var probes = new List<string>
        {
            $"curl -s -m 3 --noproxy '*' http://127.0.0.1:{port}/hello",
            $"curl -s -m 3 --noproxy '*' -g 'http://[::1]:{port}/hello'",
            $"timeout 3 bash -c 'echo > /dev/tcp/127.0.0.1/{port}'",
            $"getent hosts {UpstreamServer.Name}",
        };
        probes.AddRange(hostAddresses.Select(ip => $"curl -s -m 3 --noproxy '*' http://{ip}:{port}/hello"));
        var script = string.Join('\n', probes.Select((p, i) => $"{p} >/dev/null 2>&1 && echo REACHED-{i}"));

        var result = await s.RunInSandboxAsync(script + "\necho done");

        Assert.Contains("done", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("REACHED", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Git_clone_over_https_through_the_proxy_works()
    {
        Prerequisite.RequireCommand("git");
        await using var s = await ProxiedSession.StartAsync();
        s.Upstream.GitRoot = await GitFixture.CreateBareRepositoryAsync(s.Vibedom.Root);

        var result = await s.RunInSandboxAsync($"git clone -q {s.HttpsUrl("/git/repo.git")} cloned && cat cloned/hello.txt");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains(GitFixture.Content, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_sent_events_arrive_before_the_stream_ends()
    {
        await using var s = await ProxiedSession.StartAsync();

        // The upstream sends "first" and then holds the stream open until /sse/release is requested. Inside the
        // sandbox: wait (bounded, no clock in the claim) until curl has written "first", check that the stream is
        // still open at that moment (curl alive, "last" not there), then release it and let the stream end.
        var script = string.Join('\n',
            $"curl -sN {s.HttpsUrl("/sse")} > events.txt & pid=$!",
            "i=0; until grep -q 'data: first' events.txt || [ $i -ge 600 ]; do i=$((i+1)); sleep 0.1; done",
            "if grep -q 'data: first' events.txt && ! grep -q 'data: last' events.txt && kill -0 $pid; then echo FIRST-WHILE-OPEN; fi",
            $"curl -s {s.HttpsUrl("/sse/release")}",
            "wait $pid; echo \"curl exit $?\"",
            "cat events.txt");
        var result = await s.RunInSandboxAsync(script);

        Assert.True(result.StandardOutput.Contains("FIRST-WHILE-OPEN", StringComparison.Ordinal), result.StandardOutput + result.StandardError);
        Assert.Contains("released", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("curl exit 0", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("data: last", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_and_python_clients_trust_the_interception_ca()
    {
        Prerequisite.RequireCommand("node");
        Prerequisite.RequireCommand("python3");
        await using var s = await ProxiedSession.StartAsync();
        var url = s.HttpsUrl("/hello");
        File.WriteAllText(Path.Combine(s.Workspace, "get.js"), """
            // an agent-like Node client: CONNECT through the proxy, TLS with the default CA set (+ NODE_EXTRA_CA_CERTS)
            const u = new URL(process.argv[2]);
            require('http').request({ host: '127.0.0.1', port: 3128, method: 'CONNECT', path: u.host })
              .on('connect', (res, socket) => {
                const tls = require('tls').connect({ socket, servername: u.hostname }, () => {
                  tls.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: close\r\n\r\n`);
                });
                tls.on('data', d => process.stdout.write(d));
                tls.on('error', e => console.log('NODE-FAIL ' + e.message));
              })
              .on('error', e => console.log('NODE-FAIL ' + e.message))
              .end();
            """);
        var script = string.Join('\n',
            $"node get.js {url}",
            $"/usr/bin/python3 -c 'import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())' {url}",
            $"/usr/bin/python3 -c 'import requests,sys; print(requests.get(sys.argv[1]).text)' {url} || echo REQUESTS-FAIL");

        var result = await s.RunInSandboxAsync(script);

        Assert.DoesNotContain("NODE-FAIL", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("REQUESTS-FAIL", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(3 == result.StandardOutput.Split("hello from upstream").Length - 1, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task Go_and_dotnet_clients_trust_the_interception_ca()
    {
        Prerequisite.RequireCommand("go");
        Prerequisite.RequireCommand("dotnet");
        await using var s = await ProxiedSession.StartAsync();
        var url = s.HttpsUrl("/hello");
        File.WriteAllText(Path.Combine(s.Vibedom.Root, "probe.go"), """
            package main

            import (
            	"fmt"
            	"io"
            	"net/http"
            	"os"
            )

            // Go's default client: proxy from HTTPS_PROXY, roots from SSL_CERT_FILE / the system bundle
            func main() {
            	r, err := http.Get(os.Args[1])
            	if err != nil {
            		fmt.Println("GO-FAIL", err)
            		os.Exit(1)
            	}
            	b, _ := io.ReadAll(r.Body)
            	fmt.Print(string(b))
            }
            """);
        var build = await Vibedom.Core.Processes.ProcessRunner.Default.RunAsync(new Vibedom.Core.Processes.ProcessSpec("go", ["build", "-o", Path.Combine(s.Workspace, "goprobe"), "probe.go"])
        {
            WorkingDirectory = s.Vibedom.Root,
            // a stable build cache: only the first run compiles Go's standard library (tens of seconds)
            Environment = new Dictionary<string, string> { ["GOCACHE"] = RepositoryRoot.GoCache, ["GOPATH"] = Path.Combine(s.Vibedom.Root, "gopath"), ["CGO_ENABLED"] = "0", ["GOFLAGS"] = "-mod=mod", ["GOPROXY"] = "off" },
        }, TestContext.Current.CancellationToken);
        Assert.True(build.Succeeded, build.StandardError);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "Vibedom.HttpProbe.*"))
        {
            File.Copy(file, Path.Combine(s.Workspace, Path.GetFileName(file)));
        }

        var result = await s.RunInSandboxAsync($"./goprobe {url}; dotnet Vibedom.HttpProbe.dll {url}");

        Assert.DoesNotContain("GO-FAIL", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("DOTNET-FAIL", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(2 == result.StandardOutput.Split("hello from upstream").Length - 1, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task Killing_the_proxy_cuts_the_sandbox_off()
    {
        await using var s = await ProxiedSession.StartAsync();
        var start = await s.Vibedom.RunAsync(["run", s.Workspace, "--yes", "--detach", "--name", "bg", "--", "sleep", "120"], input: null);
        Assert.True(start.ExitCode == 0, start.StandardError);
        try
        {
            var before = await s.Vibedom.RunAsync(["exec", "bg", "--", "curl", "-sS", "--fail", s.HttpsUrl("/hello")], input: null);
            Assert.True(before.ExitCode == 0, before.StandardError);

            SessionHostProcesses.KillAll(s.Vibedom.Home);

            var after = await s.Vibedom.RunAsync(["exec", "bg", "--", "curl", "-sS", "-m", "5", s.HttpsUrl("/hello")], input: null);
            Assert.NotEqual(0, after.ExitCode);
            Assert.DoesNotContain("hello from upstream", after.StandardOutput, StringComparison.Ordinal);
            var log = await s.Vibedom.RunAsync(["logs", "bg"], input: null);
            Assert.Contains("is gone: the sandbox has no network", log.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await s.Vibedom.RunAsync(["stop", "bg", "--discard"], input: null);
        }
    }
}
