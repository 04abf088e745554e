using System.Security.Cryptography;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>
/// Kestrel's sockets and the intercepted TLS pipes really draw on the proxy's 32 KiB pool (a factory registered too early
/// is silently ignored, and the sockets go back to 4 KiB reads), and bodies still arrive intact through it.
/// </summary>
public sealed class BufferPoolTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const string Allowlist = "# test allowlist\nupstream.test\n";

    [Fact]
    public async Task Kestrel_sockets_receive_plain_http_bodies_into_the_proxy_pool()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist, https: false);
        var body = await WriteBodyAsync(proxy, 60 * 1024);
        var before = proxy.Handle.Pool!.Rented;

        var result = await proxy.CurlAsync("--data-binary", "@" + body, "-o", proxy.Directory.Combine("received.bin"), "-w", "%{http_code}", $"http://{UpstreamServer.Name}/echo");

        Assert.Equal("200", result.StandardOutput);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(body)), SHA256.HashData(File.ReadAllBytes(proxy.Directory.Combine("received.bin"))));
        Assert.True(proxy.Handle.Pool.Rented > before, "no block of the proxy's pool was rented for a plain HTTP request: Kestrel uses its own 4 KiB pool");
    }

    [Fact]
    public async Task An_intercepted_tunnel_moves_a_60_KB_body_both_ways_intact_through_the_pool()
    {
        Prerequisite.RequireCommand("curl");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, Allowlist);
        var body = await WriteBodyAsync(proxy, 60 * 1024);
        var received = proxy.Directory.Combine("received.bin");

        var result = await proxy.CurlAsync("--http1.1", "--data-binary", "@" + body, "-o", received, "-w", "%{http_code}", $"https://{UpstreamServer.Name}/echo");

        Assert.Equal("200", result.StandardOutput);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(body)), SHA256.HashData(File.ReadAllBytes(received)));
        // the socket, the TLS pipe's reads and its writes each took blocks
        Assert.True(proxy.Handle.Pool!.Rented >= 3, $"only {proxy.Handle.Pool.Rented} blocks rented");
    }

    private static async Task<string> WriteBodyAsync(ProxyUnderTest proxy, int size)
    {
        var body = proxy.Directory.Combine("body.bin");
        await File.WriteAllBytesAsync(body, RandomNumberGenerator.GetBytes(size), TestContext.Current.CancellationToken);
        return body;
    }
}
