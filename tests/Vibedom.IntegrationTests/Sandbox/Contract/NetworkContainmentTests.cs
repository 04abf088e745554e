using System.Net;
using System.Net.Sockets;
using Vibedom.Core.Sandbox;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox.Contract;

/// <summary>No network but the proxy route: host loopback, host interface addresses and host sockets are unreachable.</summary>
public sealed class NetworkContainmentTests
{
    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Curl_to_host_loopback_and_host_addresses_fails(string runtime, SandboxUser user)
    {
        using var h = new SandboxHarness(runtime, user);
        await using var servers = new HostServers();
        var targets = new List<string>();
        foreach (var address in await HostServers.HostAddressesAsync())
        {
            var endpoint = servers.ListenTcp(address);
            targets.Add(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{endpoint.Port}" : $"{address}:{endpoint.Port}");
        }

        Assert.Contains(targets, t => t.StartsWith("127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(targets, t => !t.StartsWith("127.", StringComparison.Ordinal) && !t.StartsWith("[::1]", StringComparison.Ordinal));
        var script = string.Join(" ; ", targets.Select(t => $"curl -sS -g -m 2 --noproxy '*' http://{t}/ && echo REACHED {t}")) + " ; echo done";

        var result = await h.ShAsync(script);

        Assert.Equal("done\n", result.StandardOutput);
        Assert.Equal(0, servers.Accepted);
    }

    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Udp_to_host_addresses_is_not_delivered(string runtime, SandboxUser user)
    {
        using var h = new SandboxHarness(runtime, user);
        await using var servers = new HostServers();
        var targets = (await HostServers.HostAddressesAsync()).Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .Select(a => $"{a}/{servers.ListenUdp(a).Port}").ToList();

        var result = await h.RunAsync(["/bin/bash", "-c", string.Join(" ; ", targets.Select(t => $"echo x 2>/dev/null > /dev/udp/{t} && echo SENT {t}")) + " ; echo done"]);
        await servers.FlushDatagramsAsync();

        // a send to 127.0.0.1 goes to the sandbox's own loopback (nobody listens there); the rest cannot even be sent
        Assert.All(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1), line => Assert.StartsWith("SENT 127.", line, StringComparison.Ordinal));
        Assert.EndsWith("done\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, servers.Datagrams);
    }

    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Docker_sock_unreachable(string runtime, SandboxUser user)
    {
        using var h = new SandboxHarness(runtime, user);
        await using var servers = new HostServers();
        var tag = "vibedom-it-" + Guid.NewGuid().ToString("N")[..12];
        string[] sockets = [$"/run/{tag}/docker.sock", $"/var/run/{tag}.sock", $"/tmp/{tag}/docker.sock"];
        try
        {
            foreach (var socket in sockets)
            {
                servers.ListenUnix(socket, "DOCKER");
            }

            var result = await h.ShAsync(string.Join(" ; ", sockets.Select(s => $"test -e {s} && echo VISIBLE {s} ; curl -s -m 2 --unix-socket {s} http://localhost/version && echo REACHED {s}")) + " ; echo done");

            Assert.Equal("done\n", result.StandardOutput);
            Assert.Equal(0, servers.Accepted);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                File.Delete(socket);
            }

            Directory.Delete($"/run/{tag}", recursive: true);
            Directory.Delete($"/tmp/{tag}", recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Proxy_route_is_the_only_way_out(string runtime, SandboxUser user)
    {
        using var h = new SandboxHarness(runtime, user);
        await using var servers = new HostServers();
        var netDir = Directory.CreateDirectory(h.PathOf("net")).FullName;
        servers.ListenUnix(Path.Combine(netDir, NetworkRoute.SocketName), "PROXY-OK");
        var decoy = servers.ListenTcp(IPAddress.Loopback, "DECOY");
        var result = await h.ShAsync(
            $"curl -sS -m 5 http://vibedom.test/hello; curl -sS -m 2 --noproxy '*' http://127.0.0.1:{decoy.Port}/ && echo REACHED-DECOY; " +
            "env | grep -i _proxy | sort", NetworkRoute.UnixSocket(netDir));

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("PROXY-OK GET http://vibedom.test/hello HTTP/1.1", lines[0]);
        Assert.DoesNotContain("REACHED-DECOY", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("HTTPS_PROXY=http://127.0.0.1:3128", lines);
        Assert.Contains("NO_PROXY=localhost,127.0.0.1,::1", lines);
        Assert.Equal(1, servers.Accepted);
    }

    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task No_network_when_the_proxy_is_down(string runtime, SandboxUser user)
    {
        using var h = new SandboxHarness(runtime, user);
        var netDir = Directory.CreateDirectory(h.PathOf("net")).FullName;

        var result = await h.ShAsync("curl -s -m 2 http://vibedom.test/ && echo REACHED; echo done", NetworkRoute.UnixSocket(netDir));

        Assert.Equal("done\n", result.StandardOutput);
    }
}
